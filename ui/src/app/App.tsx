/**
 * Root component: providers, then either the welcome screen (no accounts yet), a start-up error
 * (e.g. no system keyring), or the signed-in shell.
 */
import { QueryClientProvider, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useCallback, useEffect } from "react";
import { events } from "../lib/api";
import { queryKeys, useAccounts, useAppInfo, useSettings } from "../lib/queries";
import { ErrorBanner } from "../components/ErrorBanner";
import { Spinner } from "../components/States";
import { ToastProvider } from "../components/Toasts";
import { WelcomeScreen } from "../features/welcome/WelcomeScreen";
import { RouterProvider, type Route } from "./router";
import { Shell } from "./Shell";
import { useAppearance } from "./useAppearance";
import { useDemoLaunch } from "./useDemoLaunch";

export function App({ client, initialRoute }: { client: QueryClient; initialRoute?: Route }) {
  return (
    <QueryClientProvider client={client}>
      <ToastProvider>
        <RouterProvider initial={initialRoute}>
          <AppGate />
        </RouterProvider>
      </ToastProvider>
    </QueryClientProvider>
  );
}

function AppGate() {
  const client = useQueryClient();
  const accounts = useAccounts();
  const settings = useSettings();
  const appInfo = useAppInfo();
  useAppearance(settings.data);
  const { refetch } = accounts;
  const reread = useCallback(() => void refetch(), [refetch]);
  const demoLaunch = useDemoLaunch(appInfo.data?.demo, accounts.data, reread);

  // Accounts can change outside the UI's own requests (the demo started by `--demo`, an account
  // created by the Account widget) whichever screen is showing, the welcome screen included.
  useEffect(
    () =>
      events.onAccountsChanged((payload) =>
        client.setQueryData(queryKeys.accounts, payload.overview),
      ),
    [client],
  );

  if (accounts.isPending || demoLaunch.waiting)
    return (
      <div className="splash" data-testid="splash">
        <Spinner label={demoLaunch.waiting ? "Starting the demo" : "Starting ClearChecks"} />
        {demoLaunch.waiting && <p className="muted">Starting the demo…</p>}
      </div>
    );
  if (accounts.isError)
    return (
      <main id="main" className="splash">
        <h1 className="visually-hidden">ClearChecks</h1>
        <ErrorBanner
          error={accounts.error}
          title="ClearChecks Desktop could not start"
          onRetry={() => void accounts.refetch()}
        />
      </main>
    );
  if (accounts.data.accounts.length === 0) return <WelcomeScreen />;
  return <Shell />;
}
