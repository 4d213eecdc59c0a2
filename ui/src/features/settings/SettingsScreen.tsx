/**
 * App settings (appearance, polling, notifications, adverse-action days, the tray and launch at
 * login) and the platform section.
 */
import { useId } from "react";
import type { Settings } from "../../lib/api";
import { toAppError } from "../../lib/apiFailure";
import { describeError } from "../../lib/errors";
import { useSaveSettings, useSettings } from "../../lib/queries";
import { ErrorBanner } from "../../components/ErrorBanner";
import { SkeletonRows } from "../../components/States";
import { Switch } from "../../components/Switch";
import { DesktopSection } from "./DesktopSection";
import { PlatformSection } from "./PlatformSection";
import { NumberSetting } from "./NumberSetting";
import { UpdatesSection } from "../updates/UpdatesSection";

export function SettingsScreen() {
  const settings = useSettings();
  const save = useSaveSettings();
  const ids = useId();
  if (settings.isPending) return <SkeletonRows rows={4} label="Loading settings" />;
  if (settings.isError)
    return (
      <ErrorBanner
        error={settings.error}
        title="Settings could not be loaded"
        onRetry={() => void settings.refetch()}
      />
    );

  const s = settings.data;
  const update = (patch: Partial<Settings>) => save.mutate({ ...s, ...patch });
  const notify = (patch: Partial<Settings["notifications"]>) =>
    update({ notifications: { ...s.notifications, ...patch } });

  return (
    <div className="stack settings">
      {save.isError && (
        <p className="field-error" role="alert">
          Your change was not saved: {describeError(toAppError(save.error)).message}
        </p>
      )}
      <section className="card stack" aria-labelledby={`${ids}-appearance`}>
        <h2 id={`${ids}-appearance`}>Appearance</h2>
        <fieldset className="fieldset">
          <legend>Theme</legend>
          <div className="segmented">
            {(["system", "light", "dark"] as const).map((theme) => (
              <label key={theme} className="segmented-option">
                <input
                  type="radio"
                  name={`${ids}-theme`}
                  checked={s.theme === theme}
                  onChange={() => update({ theme })}
                  data-testid={`settings-theme-${theme}`}
                />
                <span>
                  {theme === "system" ? "Match system" : theme === "light" ? "Light" : "Dark"}
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="fieldset">
          <legend>Density</legend>
          <div className="segmented">
            {(["comfortable", "compact"] as const).map((density) => (
              <label key={density} className="segmented-option">
                <input
                  type="radio"
                  name={`${ids}-density`}
                  checked={s.density === density}
                  onChange={() => update({ density })}
                  data-testid={`settings-density-${density}`}
                />
                <span>{density === "comfortable" ? "Comfortable" : "Compact"}</span>
              </label>
            ))}
          </div>
        </fieldset>
      </section>

      <section className="card stack" aria-labelledby={`${ids}-updates`}>
        <h2 id={`${ids}-updates`}>Status updates</h2>
        <NumberSetting
          label="Check for status changes every (seconds)"
          hint="ClearChecks allows 60 requests a minute across all your accounts; the app spaces its checks within that."
          value={s.pollIntervalSecs}
          min={30}
          max={3600}
          onCommit={(pollIntervalSecs) => update({ pollIntervalSecs })}
          testId="settings-poll-interval"
        />
        <NumberSetting
          label="Business days to wait after a pre-adverse notice"
          hint="Shown as a reminder on orders with a pre-adverse notice. ClearChecks suggests 5 business days; your counsel may advise otherwise."
          value={s.preAdverseBusinessDays}
          min={1}
          max={30}
          onCommit={(preAdverseBusinessDays) => update({ preAdverseBusinessDays })}
          testId="settings-preadverse-days"
        />
      </section>

      <section className="card stack" aria-labelledby={`${ids}-notifications`}>
        <h2 id={`${ids}-notifications`}>Desktop notifications</h2>
        <Switch
          label="Applicant submitted their information"
          checked={s.notifications.applicantSubmitted}
          onChange={(v) => notify({ applicantSubmitted: v })}
          testId="settings-notify-applicant-submitted"
        />
        <Switch
          label="Report complete"
          checked={s.notifications.reportComplete}
          onChange={(v) => notify({ reportComplete: v })}
          testId="settings-notify-report-complete"
        />
        <Switch
          label="Report needs your review"
          checked={s.notifications.needsReview}
          onChange={(v) => notify({ needsReview: v })}
          testId="settings-notify-needs-review"
        />
        <Switch
          label="Pre-adverse waiting period over"
          description="Reminds you when the business days above have passed."
          checked={s.notifications.preAdverseDue}
          onChange={(v) => notify({ preAdverseDue: v })}
          testId="settings-notify-preadverse-due"
        />
        <Switch
          label="Show applicant names in notifications"
          description="Off: notifications say “an applicant”, so a locked screen shows no names."
          checked={s.notifications.showApplicantNames}
          onChange={(v) => notify({ showApplicantNames: v })}
          testId="settings-notify-show-names"
        />
      </section>

      <DesktopSection settings={s} update={update} />

      <PlatformSection />
      <UpdatesSection />
    </div>
  );
}
