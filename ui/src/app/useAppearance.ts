/** Applies theme and density from settings to <html> (CSS reads `data-theme` / `data-density`). */
import { useEffect } from "react";
import type { Settings } from "../lib/api";

export function useAppearance(settings: Settings | undefined) {
  const theme = settings?.theme ?? "system";
  const density = settings?.density ?? "comfortable";
  useEffect(() => {
    const root = document.documentElement;
    if (theme === "system") delete root.dataset.theme;
    else root.dataset.theme = theme;
    root.dataset.density = density;
  }, [theme, density]);
}
