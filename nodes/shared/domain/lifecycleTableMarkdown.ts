/**
 * The lifecycle as Markdown, generated from the rows (scripts/generate-lifecycle-table.mjs writes
 * it into the README).
 */
import { lifecycleTable, type LifecycleAction, type LifecycleRule } from './lifecycleRules';
import { STATUS_CLASS_IDS, STATUS_CLASSES, type StatusClass } from './statusClasses';

const ACTION_TEXT: Record<LifecycleAction, string> = {
	create: 'Create',
	accept: 'Accept',
	resolve: 'Resolve',
	reject: 'Reject (ilert: 400, no alert)',
	unchanged: 'Unchanged',
};

const ORIGIN_TEXT: Record<LifecycleRule['origin'], string> = {
	ilert: "ilert's table",
	option: 'option',
	package: 'this package',
};

function classesText(classes: readonly StatusClass[]): string {
	if (classes.length === STATUS_CLASS_IDS.length) return 'any (not needed)';
	return classes
		.map((cls) =>
			cls === 'other' ? 'any other status' : STATUS_CLASSES[cls].presetLabels.join(', '),
		)
		.join('; ');
}

function alertText(rule: LifecycleRule): string {
	const states = [...rule.alertStates].sort().join(',');
	let text: string;
	if (rule.event === 'created') text = 'any (does not matter)';
	else if (states === 'none') text = 'does not exist';
	else if (states === 'accepted,pending') text = 'pending or accepted';
	else if (states === 'accepted,pending,resolved') text = 'exists (pending, accepted or resolved)';
	else if (states === 'none,resolved') text = 'does not exist, or resolved';
	else text = rule.alertStates.join(' or ');
	return rule.reAlertReopened ? `${text}, and Re-Alert Reopened Tickets is on` : text;
}

function cell(text: string): string {
	return text.replace(/\|/g, '\\|');
}

/** The lifecycle as Markdown: the status classes, then the rows in match order. */
export function renderLifecycleTableMarkdown(): string {
	const lines: string[] = [];
	lines.push(
		'Status classes (labels compared trimmed and case-insensitively; overrides by label or id win):',
		'',
	);
	lines.push(
		'| Class | `lifecycle.status.class` | Preset statuses | Behaviour |',
		'|---|---|---|---|',
	);
	for (const cls of STATUS_CLASS_IDS) {
		const info = STATUS_CLASSES[cls];
		const labels = info.presetLabels.length
			? info.presetLabels.join(', ')
			: 'every status not listed above';
		lines.push(`| ${cell(info.name)} | \`${cls}\` | ${cell(labels)} | ${cell(info.description)} |`);
	}
	lines.push('', 'Rules (first match wins):', '');
	lines.push(
		'| Row | Event | Ticket status | ilert alert | Action | Why | Source |',
		'|---|---|---|---|---|---|---|',
	);
	for (const rule of lifecycleTable()) {
		lines.push(
			`| ${rule.id} | ${rule.event} | ${cell(classesText(rule.classes))} | ${cell(alertText(rule))} | ${cell(
				ACTION_TEXT[rule.action],
			)} | ${cell(rule.because)} | ${ORIGIN_TEXT[rule.origin]} |`,
		);
	}
	lines.push(
		'',
		"Priority: Autotask Low maps to ilert LOW; High, Medium and Critical map to HIGH (by label; an id is named through the tenant's priority picklist, or Autotask's default ids 1 High, 2 Medium, 3 Low, 4 Critical when no picklist is available). Any other priority maps to the Unknown Priority setting (default HIGH).",
	);
	return lines.join('\n') + '\n';
}
