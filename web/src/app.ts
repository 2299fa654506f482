// What the views share: the API client, navigation, and the session list cache used for titles.
import { Api } from "./api";

export interface View {
  el: HTMLElement;
  dispose(): void;
}

export interface SessionResource {
  id: string;
  title?: string | null;
  session_status?: string;
  environment_id?: string | null;
  permission_mode?: string | null;
  session_context?: Record<string, unknown> | null;
  last_sequence_num?: number;
  created_at?: string;
  updated_at?: string;
}

export interface Environment {
  kind?: string;
  environment_id: string;
  name?: string;
  state?: string;
  machine_name?: string;
  directory?: string;
  branch?: string;
  max_sessions?: number;
  sessions_in_use?: number;
  created_at?: string;
}

export interface AppContext {
  api: Api;
  navigate(path: string): void;
  environments: Map<string, Environment>;
}

export const STATUS_LABELS: Record<string, string> = {
  idle: "Idle",
  running: "Running",
  requires_action: "Needs approval",
  archived: "Archived",
};

export const PERMISSION_MODES: [string, string][] = [
  ["default", "Ask for each tool"],
  ["acceptEdits", "Accept edits"],
  ["plan", "Plan only"],
  ["bypassPermissions", "Bypass permissions"],
];
