import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiFailure } from "../lib/apiFailure";
import { api, resetFakeApi } from "../test/fakeApi";
import { renderWithProviders } from "../test/render";
import { ExternalLink } from "./ExternalLink";

vi.mock("../lib/api", () => import("../test/fakeApi"));

beforeEach(() => resetFakeApi());

const URL = "https://app.clearchecks.com/reports/rk1";

describe("external link", () => {
  it("opens the page in the system browser on a click, not in the app's window", () => {
    renderWithProviders(
      <ExternalLink href={URL} testId="link">
        Continue in ClearChecks console
      </ExternalLink>,
    );
    const link = screen.getByTestId("link");
    expect(link).toHaveAttribute("href", URL);
    expect(link).not.toHaveAttribute("target");
    expect(link).toHaveAccessibleName(/Continue in ClearChecks console \(opens in your browser\)/);
    const click = new MouseEvent("click", { bubbles: true, cancelable: true });
    fireEvent(link, click);
    expect(click.defaultPrevented).toBe(true);
    expect(api.openExternal).toHaveBeenCalledWith(URL);
  });

  it("says why when the page could not be opened", async () => {
    api.openExternal.mockRejectedValue(
      new ApiFailure({
        kind: "invalidInput",
        data: { field: "url", message: "Only web links (https://…) can be opened." },
      }),
    );
    const user = userEvent.setup();
    renderWithProviders(
      <ExternalLink href={URL} testId="link">
        Console
      </ExternalLink>,
    );
    await user.click(screen.getByTestId("link"));
    await waitFor(() =>
      expect(screen.getByRole("alert")).toHaveTextContent(
        "Only web links (https://…) can be opened.",
      ),
    );
  });
});
