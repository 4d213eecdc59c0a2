/**
 * The updater's status, read once from the core and then kept current by its events.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { api, events, type UpdateStatus } from "../../lib/api";

export const updateStatusKey = ["updateStatus"] as const;

export function useUpdateStatus() {
  const client = useQueryClient();
  useEffect(
    () =>
      events.onUpdateStatusChanged((payload) => {
        client.setQueryData<UpdateStatus>(updateStatusKey, payload.status);
      }),
    [client],
  );
  return useQuery({ queryKey: updateStatusKey, queryFn: api.updateStatus, staleTime: Infinity });
}

export function useCheckForUpdates() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.checkForUpdates,
    onSuccess: (status) => client.setQueryData<UpdateStatus>(updateStatusKey, status),
  });
}

/** "Restart to install": resolves only when the app did not restart, with the reason. */
export function useInstallUpdate() {
  return useMutation({ mutationFn: api.installUpdate });
}
