"use client";

import { useState } from "react";
import { toast } from "sonner";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { TONE_LABELS } from "@/lib/ai-labels";
import type { Tone } from "@/lib/inbox-types";
import { updateAiSettingsAction } from "@/server/actions/ai/update-ai-settings";

export type AiSettingsView = {
  aiEngine: "auto" | "local" | "openai";
  autoClassify: boolean;
  autoCreateTasks: boolean;
  autoSuggestMeetings: boolean;
  defaultReplyTone: Tone;
};

export type UsageView = {
  days: { day: string; calls: number; errors: number; tokens: number; costUsd: number }[];
  totals: { calls: number; errors: number; tokens: number; costUsd: number };
  decided: { prefilter: number; local: number; openai: number; error: number; waiting: number };
  activeEngine: "local" | "openai";
  openAiConfigured: boolean;
};

const ENGINE_LABELS = {
  auto: "Automatic",
  local: "Local only",
  openai: "OpenAI",
} as const;

/** Engine and automation choices, saved as soon as they change (with the change undone on failure). */
export function AiSettingsPanel({ workspaceId, initial, canEdit, usage }: { workspaceId: string; initial: AiSettingsView; canEdit: boolean; usage: UsageView }) {
  const [settings, setSettings] = useState(initial);

  const change = async (patch: Partial<AiSettingsView>) => {
    const before = settings;
    const next = { ...settings, ...patch };
    setSettings(next);
    const result = await updateAiSettingsAction({ workspaceId, ...next });
    if (result?.data) toast.success("AI settings saved.");
    else {
      setSettings(before);
      toast.error(result?.serverError ?? "Couldn't save the AI settings. Try again.");
    }
  };

  const toggles: { key: "autoClassify" | "autoCreateTasks" | "autoSuggestMeetings"; label: string; hint: string }[] = [
    { key: "autoClassify", label: "Classify new messages", hint: "Priority, category, summary and why it matters, as mail arrives." },
    { key: "autoCreateTasks", label: "Suggest tasks", hint: "Action items become task suggestions you confirm or discard." },
    { key: "autoSuggestMeetings", label: "Suggest meetings", hint: "Meeting requests with a time become events you confirm." },
  ];

  return (
    <div className="grid gap-6">
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="grid gap-1.5">
          <Label htmlFor="ai-engine">Engine</Label>
          <Select value={settings.aiEngine} onValueChange={(v) => void change({ aiEngine: v as AiSettingsView["aiEngine"] })} disabled={!canEdit}>
            <SelectTrigger id="ai-engine" className="w-full">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {(Object.keys(ENGINE_LABELS) as (keyof typeof ENGINE_LABELS)[]).map((key) => (
                <SelectItem key={key} value={key} disabled={key === "openai" && !usage.openAiConfigured}>
                  {ENGINE_LABELS[key]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
          <p className="text-[13px] text-muted-foreground">
            {settings.aiEngine === "local"
              ? "Nothing leaves this server: Aiva's local engine reads your mail. "
              : settings.aiEngine === "auto"
                ? "OpenAI when the server has a key, Aiva's local engine otherwise. "
                : ""}
            {usage.openAiConfigured
              ? `New mail goes to ${usage.activeEngine === "openai" ? "OpenAI" : "the local engine"}. Bulk mail and notifications are decided by rules without a model either way.`
              : "OpenAI isn't set up on this server (OPENAI_API_KEY), so Aiva's local engine does everything, with no network."}
          </p>
        </div>
        <div className="grid content-start gap-1.5">
          <Label htmlFor="ai-tone">First draft tone</Label>
          <Select value={settings.defaultReplyTone} onValueChange={(v) => void change({ defaultReplyTone: v as Tone })} disabled={!canEdit}>
            <SelectTrigger id="ai-tone" className="w-full">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {(Object.keys(TONE_LABELS) as Tone[]).map((tone) => (
                <SelectItem key={tone} value={tone}>
                  {TONE_LABELS[tone]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
      </div>

      <ul className="grid gap-3">
        {toggles.map((t) => (
          <li key={t.key} className="flex items-start justify-between gap-4">
            <div>
              <Label htmlFor={`ai-${t.key}`}>{t.label}</Label>
              <p className="text-[13px] text-muted-foreground">{t.hint}</p>
            </div>
            <Switch
              id={`ai-${t.key}`}
              checked={settings[t.key]}
              disabled={!canEdit}
              onCheckedChange={(checked) => void change({ [t.key]: checked })}
            />
          </li>
        ))}
      </ul>
      {!canEdit ? <p className="text-[13px] text-muted-foreground">Only owners and admins can change these.</p> : null}

      <UsageSummary usage={usage} />
    </div>
  );
}

const money = (usd: number) => (usd === 0 ? "$0" : usd < 0.01 ? "< $0.01" : `$${usd.toFixed(2)}`);
const count = (n: number) => n.toLocaleString("en-US");

function UsageSummary({ usage }: { usage: UsageView }) {
  const { decided, totals, days } = usage;
  const classified = decided.prefilter + decided.local + decided.openai;
  const ruleShare = classified ? Math.round((decided.prefilter / classified) * 100) : 0;
  const peak = Math.max(1, ...days.map((d) => d.calls));
  return (
    <div className="grid gap-3 border-t pt-4">
      <h3 className="text-sm font-semibold">Usage, last 30 days</h3>
      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
        <Stat label="Model calls" value={count(totals.calls)} />
        <Stat label="Tokens" value={count(totals.tokens)} />
        <Stat label="Estimated cost" value={money(totals.costUsd)} />
        <Stat label="Decided by rules" value={`${ruleShare}%`} hint={`${count(decided.prefilter)} of ${count(classified)} messages, no model needed`} />
      </dl>
      <div className="flex h-16 items-end gap-px" role="img" aria-label={`Model calls per day: ${count(totals.calls)} in 30 days`}>
        {days.map((d) => (
          <div
            key={d.day}
            title={`${d.day}: ${count(d.calls)} calls${d.errors ? `, ${d.errors} failed` : ""}, ${money(d.costUsd)}`}
            className="flex-1 rounded-t-sm bg-violet-500/70"
            style={{ height: `${Math.max(d.calls ? 6 : 2, (d.calls / peak) * 100)}%`, opacity: d.calls ? 1 : 0.25 }}
          />
        ))}
      </div>
      <p className="text-[13px] text-muted-foreground">
        {count(decided.local)} by the local engine · {count(decided.openai)} by OpenAI
        {decided.error ? ` · ${count(decided.error)} could not be analysed` : ""}
        {decided.waiting ? ` · ${count(decided.waiting)} not analysed yet` : ""}
        {totals.errors ? ` · ${count(totals.errors)} failed calls` : ""}
      </p>
    </div>
  );
}

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded-md border px-3 py-2" title={hint}>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-base font-semibold tabular-nums">{value}</dd>
    </div>
  );
}
