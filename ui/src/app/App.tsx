/**
 * Root component: providers, then either the welcome screen (no accounts yet), a start-up error
 * (e.g. no system keyring), or the signed-in shell.
 */
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { useAccounts, useSettings } from "../lib/queries";
import { ErrorBanner } from "../components/ErrorBanner";
import { Spinner } from "../components/States";
import { ToastProvider } from "../components/Toasts";
import { WelcomeScreen } from "../features/welcome/WelcomeScreen";
import { RouterProvider, type Route } from "./router";
import { Shell } from "./Shell";
import { useAppearance } from "./useAppearance";

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
  const accounts = useAccounts();
  const settings = useSettings();
  useAppearance(settings.data);

  if (accounts.isPending)
    return (
      <div className="splash">
        <Spinner label="Starting ClearChecks" />
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
