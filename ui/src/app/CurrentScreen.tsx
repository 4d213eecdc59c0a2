/** Renders the screen for the current route. */
import { AccountsScreen } from "../features/accounts/AccountsScreen";
import { InvoicesScreen } from "../features/invoices/InvoicesScreen";
import { JournalScreen } from "../features/journal/JournalScreen";
import { NewOrderScreen } from "../features/new-order/NewOrderScreen";
import { OrdersScreen } from "../features/orders/OrdersScreen";
import { SettingsScreen } from "../features/settings/SettingsScreen";
import { useRouter } from "./router";

export function CurrentScreen() {
  const { route } = useRouter();
  switch (route.name) {
    case "orders":
      return <OrdersScreen />;
    case "newOrder":
      return <NewOrderScreen />;
    case "invoices":
      return <InvoicesScreen />;
    case "journal":
      return <JournalScreen />;
    case "accounts":
      return <AccountsScreen />;
    case "settings":
      return <SettingsScreen />;
  }
}
