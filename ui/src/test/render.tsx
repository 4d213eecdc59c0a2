// Renders UI inside the app's providers with a fresh, non-retrying query client.
import { QueryClient } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { QueryClientProvider } from "@tanstack/react-query";
import { App } from "../app/App";
import { RouterProvider, type Route } from "../app/router";
import { ToastProvider } from "../components/Toasts";

export function testQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } },
  });
}

export function renderWithProviders(ui: ReactElement, route: Route = { name: "orders" }) {
  const client = testQueryClient();
  return {
    client,
    ...render(
      <QueryClientProvider client={client}>
        <ToastProvider>
          <RouterProvider initial={route}>{ui}</RouterProvider>
        </ToastProvider>
      </QueryClientProvider>,
    ),
  };
}

export function renderApp(route: Route = { name: "orders" }) {
  const client = testQueryClient();
  return { client, ...render(<App client={client} initialRoute={route} />) };
}
