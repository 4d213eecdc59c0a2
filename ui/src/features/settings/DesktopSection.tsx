/**
 * How the app lives on this computer: whether closing the window keeps it running in the tray,
 * and whether it starts (hidden in the tray) when the user logs in.
 */
import { useId } from "react";
import type { Settings } from "../../lib/api";
import { toAppError } from "../../lib/apiFailure";
import { describeError } from "../../lib/errors";
import { useLaunchAtLogin, useSetLaunchAtLogin } from "../../lib/queries";
import { Switch } from "../../components/Switch";

export function DesktopSection({
  settings,
  update,
}: {
  settings: Settings;
  update: (patch: Partial<Settings>) => void;
}) {
  const ids = useId();
  const launchAtLogin = useLaunchAtLogin();
  const setLaunchAtLogin = useSetLaunchAtLogin();
  return (
    <section className="card stack" aria-labelledby={`${ids}-desktop`}>
      <h2 id={`${ids}-desktop`}>On this computer</h2>
      <Switch
        label="Keep running in the tray when the window is closed"
        description="The app keeps checking your orders and tells you when one needs you. Quit from the tray icon or with Ctrl+Q."
        checked={settings.keepRunningInTray}
        onChange={(keepRunningInTray) => update({ keepRunningInTray })}
        testId="settings-keep-running-in-tray"
      />
      <Switch
        label="Start ClearChecks when you log in"
        description="It starts in the tray, without opening its window."
        checked={launchAtLogin.data ?? false}
        onChange={(enabled) => setLaunchAtLogin.mutate(enabled)}
        testId="settings-launch-at-login"
      />
      {(launchAtLogin.isError || setLaunchAtLogin.isError) && (
        <p className="field-error" role="alert" data-testid="settings-launch-at-login-error">
          {describeError(toAppError(setLaunchAtLogin.error ?? launchAtLogin.error)).message}
        </p>
      )}
    </section>
  );
}
