/**
 * The five status classes of ilert's Autotask lifecycle: every ticket status, preset or
 * tenant-specific, falls into exactly one of them. Plain data, no n8n types.
 */
/**
 * Status classes. ilert's table treats statuses in five distinct ways; every status, preset or
 * tenant-specific, falls into exactly one of them.
 */
export type StatusClass = 'new' | 'inProgress' | 'closed' | 'onHold' | 'other';

export interface StatusClassInfo {
	id: StatusClass;
	/** Short name used in rule sentences and the UI. */
	name: string;
	/** ilert's two groups: A = an alert may be created, R = no alert may be created (400). */
	group: 'A' | 'R' | 'other';
	/** The preset statuses (ilert's standard English labels) in this class. */
	presetLabels: readonly string[];
	/** One line for the UI option and the README. */
	description: string;
}

export const STATUS_CLASSES: Record<StatusClass, StatusClassInfo> = {
	new: {
		id: 'new',
		name: 'New',
		group: 'A',
		presetLabels: ['New'],
		description: 'Creates an alert; leaves an existing alert unchanged',
	},
	inProgress: {
		id: 'inProgress',
		name: 'In Progress',
		group: 'A',
		presetLabels: ['In Progress'],
		description: 'Creates an alert; accepts an existing alert',
	},
	closed: {
		id: 'closed',
		name: 'Complete or Denied',
		group: 'R',
		presetLabels: ['Complete', 'Denied'],
		description: 'Rejects when there is no alert; resolves an existing alert',
	},
	onHold: {
		id: 'onHold',
		name: 'Waiting, Scheduled, Escalate or Approved',
		group: 'R',
		presetLabels: [
			'Waiting Customer',
			'Waiting Materials',
			'Scheduled',
			'Escalate',
			'Waiting Vendor',
			'Waiting Approval',
			'Waiting Dispatch',
			'Approved',
		],
		description: 'Rejects when there is no alert; accepts an existing alert',
	},
	other: {
		id: 'other',
		name: 'Any Other Status',
		group: 'other',
		presetLabels: [],
		description: 'Creates an alert; leaves an existing alert unchanged',
	},
};

export const STATUS_CLASS_IDS = Object.keys(STATUS_CLASSES) as StatusClass[];
