/**
 * The events the ilert Trigger can subscribe to (ilert alert action trigger types), with the
 * labels the node's Events parameter and its canvas subtitle show. Plain data.
 */

/**
 * ilert's outbound trigger types (alert action `triggerTypes`), with display names and the
 * short label the canvas subtitle shows. The 13 values of ilert's OpenAPI enum plus
 * `alert-auto-resolved` (ilert's Go client and Terraform provider register it; its webhook
 * docs list it as an eventType): alerts ilert resolves by itself.
 */
export const ILERT_TRIGGER_TYPES: Array<{
	name: string;
	value: string;
	description: string;
	short: string;
}> = [
	{
		name: 'Alert Accepted',
		value: 'alert-acknowledged',
		description: 'A responder accepted the alert',
		short: 'Accepted',
	},
	{
		name: 'Alert Assigned',
		value: 'alert-assigned',
		description: 'The alert was assigned to a responder',
		short: 'Assigned',
	},
	{
		name: 'Alert Auto-Escalated',
		value: 'alert-auto-escalated',
		description: 'The alert escalated to the next level',
		short: 'Escalated',
	},
	{
		name: 'Alert Auto-Resolved',
		value: 'alert-auto-resolved',
		description: "The alert source resolved the alert by itself (ilert's auto-resolution)",
		short: 'Auto-Resolved',
	},
	{
		name: 'Alert Channel Attached',
		value: 'alert-channel-attached',
		description: 'A chat channel was attached',
		short: 'Channel Attached',
	},
	{
		name: 'Alert Channel Detached',
		value: 'alert-channel-detached',
		description: 'A chat channel was detached',
		short: 'Channel Detached',
	},
	{
		name: 'Alert Comment Added',
		value: 'alert-comment-added',
		description: 'A comment was added to the alert',
		short: 'Comment',
	},
	{
		name: 'Alert Created',
		value: 'alert-created',
		description: 'A new alert was opened',
		short: 'Created',
	},
	{
		name: 'Alert Escalation Ended',
		value: 'alert-escalation-ended',
		description: 'The escalation policy ran out',
		short: 'Escalation Ended',
	},
	{
		name: 'Alert Not Resolved',
		value: 'v-alert-not-resolved',
		description: 'The alert is still open after a delay',
		short: 'Not Resolved',
	},
	{
		name: 'Alert Raised',
		value: 'alert-raised',
		description: 'The alert priority was raised',
		short: 'Raised',
	},
	{
		name: 'Alert Resolved',
		value: 'alert-resolved',
		description: 'The alert was resolved',
		short: 'Resolved',
	},
	{
		name: 'Alert Responder Added',
		value: 'alert-responder-added',
		description: 'A responder was added',
		short: 'Responder Added',
	},
	{
		name: 'Alert Responder Removed',
		value: 'alert-responder-removed',
		description: 'A responder was removed',
		short: 'Responder Removed',
	},
];

/**
 * The canvas subtitle: the chosen events by their short labels ("Accepted, Resolved,
 * Auto-Resolved"), raw values only for values this list does not know.
 */
export function eventsSubtitleExpression(): string {
	const labels: Record<string, string> = {};
	for (const t of ILERT_TRIGGER_TYPES) labels[t.value] = t.short;
	return `={{ [].concat($parameter["events"] || []).map((e) => (${JSON.stringify(labels)})[e] || e).join(", ") }}`;
}
