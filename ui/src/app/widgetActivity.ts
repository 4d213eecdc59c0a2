/**
 * What the main window says when a quarantined widget window reports back (`widgetActivity`):
 * a new customer account, a submitted applicant form, or a widget that failed. Closing a
 * window needs no message.
 */
import type { WidgetActivityPayload } from "../lib/api";
import { describeError } from "../lib/errors";

export interface WidgetToast {
  message: string;
  tone: "success" | "error";
}

const WIDGET_NAME: Record<WidgetActivityPayload["widget"], string> = {
  report: "The report window",
  applicantForm: "The applicant form",
  registration: "The customer sign-up",
};

export function describeWidgetActivity(activity: WidgetActivityPayload): WidgetToast | null {
  const { outcome } = activity;
  switch (outcome.kind) {
    case "customerAccountCreated": {
      const { account } = outcome.data;
      const name = account.companyName ?? account.label;
      return {
        message: `Customer account created for ${name}. It is connected and now active.`,
        tone: "success",
      };
    }
    case "applicantSubmitted":
      return {
        message: "The applicant's details were submitted. The order's status is being refreshed.",
        tone: "success",
      };
    case "failed": {
      const what = WIDGET_NAME[activity.widget];
      const reason = outcome.data.error
        ? describeError(outcome.data.error).message
        : outcome.data.message;
      return { message: `${what} could not finish: ${reason}`, tone: "error" };
    }
    case "closed":
      return null;
  }
}
