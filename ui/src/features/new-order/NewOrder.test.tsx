import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiFailure } from "../../lib/apiFailure";
import { api, resetFakeApi } from "../../test/fakeApi";
import { renderWithProviders } from "../../test/render";
import { NewOrderScreen } from "./NewOrderScreen";

vi.mock("../../lib/api", () => import("../../test/fakeApi"));

beforeEach(() => resetFakeApi());

async function addEmails(text: string) {
  const user = userEvent.setup();
  renderWithProviders(<NewOrderScreen />, { name: "newOrder" });
  const paste = await screen.findByTestId("new-order-paste");
  await user.type(paste, text);
  await user.click(screen.getByTestId("new-order-add"));
  return user;
}

async function reviewAndAttest(user: ReturnType<typeof userEvent.setup>) {
  await waitFor(() => expect(screen.getByTestId("review-blocker")).toHaveTextContent(""));
  await user.click(screen.getByTestId("go-to-review"));
  await user.click(await screen.findByTestId("attestation"));
}

describe("applicant rows", () => {
  it("shows each row's problem in words and clears it when fixed in place", async () => {
    const user = await addEmails("ada@example.com, not-an-email, ada@example.com");
    expect(await screen.findByTestId("applicant-problem-1")).toHaveTextContent(
      "missing the @ sign",
    );
    expect(screen.getByTestId("applicant-problem-2")).toHaveTextContent("already in the list");
    expect(screen.queryByTestId("applicant-problem-0")).not.toBeInTheDocument();

    const bad = screen.getByTestId("applicant-input-1");
    await user.clear(bad);
    await user.type(bad, "grace@example.com");
    await user.click(screen.getByTestId("applicant-remove-2"));

    await waitFor(() =>
      expect(screen.queryByTestId("applicant-problem-1")).not.toBeInTheDocument(),
    );
    expect(screen.getAllByRole("listitem")).toHaveLength(2);
    await waitFor(() =>
      expect(api.checkEmails).toHaveBeenLastCalledWith("acct-sandbox", [
        "ada@example.com",
        "grace@example.com",
      ]),
    );
    expect(screen.queryByTestId("applicant-problem-1")).not.toBeInTheDocument();
  });

  it("requires an explicit per-row override for an applicant with an open order", async () => {
    api.checkEmails.mockImplementation((_id: string, emails: string[]) =>
      Promise.resolve(
        emails.map((input) => ({
          input,
          email: input,
          problem: null,
          openOrder: input.startsWith("ada")
            ? { email: input, reportKey: "RK1", state: "inProgress" as const }
            : null,
          openOrderUnchecked: null,
        })),
      ),
    );
    const user = await addEmails("ada@example.com grace@example.com");
    const warning = await screen.findByTestId("applicant-open-order-0");
    expect(screen.queryByTestId("applicant-open-order-1")).not.toBeInTheDocument();
    expect(warning).toHaveTextContent("already has an open order (RK1, in progress)");
    await user.click(screen.getByTestId("go-to-review"));
    expect(screen.getByTestId("review-blocker")).toHaveTextContent("Confirm or remove 1 applicant");
    await user.click(within(warning).getByTestId("applicant-override-0"));
    await user.click(screen.getByTestId("go-to-review"));
    expect(await screen.findByTestId("new-order-review")).toBeInTheDocument();
  });

  it("asks for a confirmation when an incomplete list cannot show there is no open order", async () => {
    const unchecked =
      "We could not check whether ada@example.com already has an open order: the order list may be incomplete. Confirm to order anyway.";
    api.checkEmails.mockImplementation((_id: string, emails: string[]) =>
      Promise.resolve(
        emails.map((input) => ({
          input,
          email: input,
          problem: null,
          openOrder: null,
          openOrderUnchecked: unchecked,
        })),
      ),
    );
    const user = await addEmails("ada@example.com");
    const warning = await screen.findByTestId("applicant-open-order-0");
    expect(warning).toHaveTextContent(unchecked);
    expect(warning).toHaveTextContent("Order for this applicant anyway");
    await user.click(screen.getByTestId("go-to-review"));
    expect(screen.getByTestId("review-blocker")).toHaveTextContent(
      "Confirm or remove 1 applicant who may already have an open order.",
    );
    await user.click(within(warning).getByTestId("applicant-override-0"));
    await user.click(screen.getByTestId("go-to-review"));
    expect(await screen.findByTestId("new-order-review")).toBeInTheDocument();
  });
});

describe("submitting", () => {
  it("names the company in an unchecked attestation and places exactly one order on a double click", async () => {
    let resolve: (v: unknown) => void = () => undefined;
    api.placeOrder.mockImplementation(() => new Promise((r) => (resolve = r)) as never);
    const user = await addEmails("ada@example.com");
    await waitFor(() => expect(screen.getByTestId("review-blocker")).toHaveTextContent(""));
    await user.click(screen.getByTestId("go-to-review"));

    const attestation = await screen.findByTestId("attestation");
    expect(attestation).not.toBeChecked();
    expect(
      screen.getByText(/I certify that Analytical Engines LLC has a permissible purpose/),
    ).toBeInTheDocument();
    expect(screen.getByTestId("submit-order")).toBeDisabled();
    await user.click(attestation);

    const submit = screen.getByTestId("submit-order");
    act(() => {
      fireEvent.click(submit);
      fireEvent.click(submit);
      fireEvent.submit(submit.closest("form")!);
    });
    await waitFor(() => expect(api.placeOrder).toHaveBeenCalledTimes(1));
    await user.click(submit);
    await new Promise((r) => setTimeout(r, 50));
    expect(api.placeOrder).toHaveBeenCalledTimes(1);
    expect(api.placeOrder.mock.calls[0]?.[0]).toMatchObject({
      accountId: "acct-sandbox",
      sku: "HIRE1",
      emails: ["ada@example.com"],
      allowOpenOrderDuplicates: false,
    });
    expect(
      (api.placeOrder.mock.calls[0]?.[0] as unknown as { attestation: string }).attestation,
    ).toContain("Analytical Engines LLC");

    await act(async () => {
      await Promise.resolve();
      resolve({
        applicants: [{ email: "ada@example.com", reportKey: "RKNEW", inviteUrl: "https://x/i" }],
      });
    });
    expect(await screen.findByTestId("order-result")).toHaveTextContent("RKNEW");
    expect(api.discardOrderDraft).toHaveBeenCalled();
  });

  it("maps validation field errors back to the rows and keeps what was typed", async () => {
    api.placeOrder.mockRejectedValue(
      new ApiFailure({
        kind: "validation",
        data: {
          message: "The given data was invalid.",
          fieldErrors: {
            "applicant_emails.1": ["The email domain does not accept mail."],
            report_sku: ["Unknown package."],
          },
        },
      }),
    );
    const user = await addEmails("ada@example.com grace@example.com");
    await reviewAndAttest(user);
    await user.click(screen.getByTestId("submit-order"));

    expect(await screen.findByTestId("applicant-server-error-1")).toHaveTextContent(
      "does not accept mail",
    );
    expect(screen.queryByTestId("applicant-server-error-0")).not.toBeInTheDocument();
    expect(screen.getByTestId("error-banner")).toHaveTextContent("The given data was invalid.");
    expect(screen.getByText("Unknown package.")).toBeInTheDocument();
    expect(screen.getByTestId("applicant-input-0")).toHaveValue("ada@example.com");
    expect(screen.getByTestId("applicant-input-1")).toHaveValue("grace@example.com");
  });

  it("reconciles an uncertain outcome before offering a retry", async () => {
    api.placeOrder.mockRejectedValueOnce(
      new ApiFailure({ kind: "outcomeUncertain", data: { message: "timed out" } }),
    );
    let finishReconcile: (v: unknown) => void = () => undefined;
    api.reconcileOrder.mockImplementation(() => new Promise((r) => (finishReconcile = r)) as never);
    const user = await addEmails("ada@example.com");
    await reviewAndAttest(user);
    await user.click(screen.getByTestId("submit-order"));

    expect(await screen.findByTestId("order-reconciling")).toHaveTextContent(
      "We could not confirm the order — checking…",
    );
    expect(screen.getByTestId("submit-order")).toBeDisabled();
    expect(api.reconcileOrder).toHaveBeenCalledTimes(1);

    await act(async () => {
      await Promise.resolve();
      finishReconcile({ kind: "notPlaced" });
    });
    expect(await screen.findByTestId("order-not-placed")).toHaveTextContent(
      "The order was not placed",
    );
    const retry = screen.getByTestId("submit-order");
    expect(retry).toHaveTextContent("Send the order again");
    expect(api.placeOrder).toHaveBeenCalledTimes(1);
    await user.click(retry);
    expect(await screen.findByTestId("order-result")).toBeInTheDocument();
    expect(api.placeOrder).toHaveBeenCalledTimes(2);
  });

  it("after a server error a provably complete list says not placed, keeps the order and says why", async () => {
    api.placeOrder.mockRejectedValueOnce(
      new ApiFailure({
        kind: "outcomeUncertain",
        data: {
          message:
            "ClearChecks answered with an error after receiving the order (HTTP 500: “Mail failed”)",
        },
      }),
    );
    const user = await addEmails("ada@example.com");
    await reviewAndAttest(user);
    await user.click(screen.getByTestId("submit-order"));
    const banner = await screen.findByTestId("order-not-placed");
    expect(banner).toHaveTextContent("Your order is kept as typed: you can send it again.");
    expect(banner).toHaveTextContent("What happened: ClearChecks answered with an error");
    expect(banner).toHaveTextContent("HTTP 500: “Mail failed”");
    expect(screen.getByTestId("submit-order")).toHaveTextContent("Send the order again");
  });

  it("an undetermined outcome blocks sending and only checks again", async () => {
    api.placeOrder.mockRejectedValueOnce(
      new ApiFailure({ kind: "outcomeUncertain", data: { message: "HTTP 502" } }),
    );
    api.reconcileOrder.mockResolvedValueOnce({
      kind: "undetermined",
      data: {
        message:
          "We could not confirm whether this order was placed. Check the orders list before sending again: ClearChecks kept sending the same page.",
        reason: "ClearChecks kept sending the same page",
      },
    });
    const user = await addEmails("ada@example.com");
    await reviewAndAttest(user);
    await user.click(screen.getByTestId("submit-order"));
    const banner = await screen.findByTestId("order-undetermined");
    expect(banner).toHaveTextContent("We could not confirm whether this order was placed");
    expect(banner).toHaveTextContent(
      "Check the orders list before sending again: ClearChecks kept sending the same page.",
    );
    expect(banner).toHaveTextContent("Your order is kept as typed");
    const submit = screen.getByTestId("submit-order");
    expect(submit).toBeDisabled();
    // Enter on the form does not send it either.
    fireEvent.submit(submit.closest("form")!);
    expect(api.placeOrder).toHaveBeenCalledTimes(1);

    // "Check again" reconciles again (the default answer: not placed) and never posts.
    await user.click(within(banner).getByTestId("order-check-again"));
    expect(await screen.findByTestId("order-not-placed")).toBeInTheDocument();
    expect(api.reconcileOrder).toHaveBeenCalledTimes(2);
    expect(api.placeOrder).toHaveBeenCalledTimes(1);
  });

  it("shows the placed result when reconciliation finds the order", async () => {
    api.placeOrder.mockRejectedValueOnce(
      new ApiFailure({ kind: "outcomeUncertain", data: { message: "timed out" } }),
    );
    api.reconcileOrder.mockResolvedValue({
      kind: "placed",
      data: { applicants: [{ email: "ada@example.com", reportKey: "RKFOUND", inviteUrl: null }] },
    } as never);
    const user = await addEmails("ada@example.com");
    await reviewAndAttest(user);
    await user.click(screen.getByTestId("submit-order"));
    expect(await screen.findByTestId("order-result")).toHaveTextContent("RKFOUND");
    expect(api.placeOrder).toHaveBeenCalledTimes(1);
  });
});

describe("draft", () => {
  it("restores a saved draft and saves edits", async () => {
    api.getOrderDraft.mockResolvedValue({
      sku: "HIRE2",
      emails: ["saved@example.com"],
      addOns: {
        drugSku: "drug10",
        mvr: true,
        employment: false,
        education: false,
        blj: false,
        federalCriminal: false,
      },
      updatedAt: "2026-06-01T00:00:00Z",
    } as never);
    const user = userEvent.setup();
    renderWithProviders(<NewOrderScreen />, { name: "newOrder" });
    expect(await screen.findByTestId("applicant-input-0")).toHaveValue("saved@example.com");
    expect(screen.getByTestId("package-HIRE2")).toBeChecked();
    expect(screen.getByTestId("addon-drug-panel")).toHaveValue("drug10");
    await user.click(screen.getByTestId("addon-education"));
    await waitFor(() => expect(api.saveOrderDraft).toHaveBeenCalled(), { timeout: 2000 });
    const saved = api.saveOrderDraft.mock.calls.at(-1) as unknown as [
      string,
      { addOns: { education: boolean } },
    ];
    expect(saved[1].addOns.education).toBe(true);
    expect(JSON.stringify(saved)).not.toContain("certify");
  });
});
