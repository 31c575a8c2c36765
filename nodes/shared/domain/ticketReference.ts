/**
 * The ticket a callout names: its id or ticket number, found under many key spellings, then by
 * value pattern (a ticket URL, a ticket number in a text). Pure module: no n8n types.
 */
import { normKey, type Pair } from './calloutFields';
import { TICKET_NUMBER_PATTERN } from './conventions';

/** Keys (lower case, letters and digits only) that hold a numeric ticket id, best first. */
const ID_KEYS = [
	'ticketid',
	'autotaskticketid',
	'ticketsid',
	'ticketentityid',
	'entityid',
	'objectid',
	'ticket',
	'id',
];
/** Keys that hold a ticket number, best first. */
const NUMBER_KEYS = [
	'ticketnumber',
	'ticketno',
	'ticketnum',
	'autotaskticketnumber',
	'number',
	'ticket',
	'id',
];
const GENERIC_KEYS = new Set(['id', 'number', 'ticket']);

const TICKET_NUMBER_IN_TEXT = /\bT\d{8}\.\d{4,}\b/;
const TICKET_ID_IN_URL = /[?&]ticketid=(\d{1,12})\b/i;

export interface TicketReference {
	ticketId?: number;
	ticketNumber?: string;
	foundBy: string;
}

function asTicketId(value: string): number | undefined {
	const v = value.trim();
	if (!/^\d{1,15}$/.test(v)) return undefined;
	const id = Number(v);
	return id > 0 && Number.isSafeInteger(id) ? id : undefined;
}

function asTicketNumber(value: string): string | undefined {
	const v = value.trim().toUpperCase();
	return TICKET_NUMBER_PATTERN.test(v) ? v : undefined;
}

/** Finds the ticket reference: known keys first (id before number), then value patterns. */
export function findTicketReference(pairs: Pair[]): TicketReference | undefined {
	const byKey = (keys: string[], convert: (v: string) => unknown) => {
		for (const wanted of keys) {
			for (const p of pairs) {
				if (normKey(p.key) !== wanted && normKey(p.path) !== wanted) continue;
				// Generic names count only at the top level or under a ticket-ish parent.
				if (GENERIC_KEYS.has(wanted) && normKey(p.path) !== wanted && !/ticket/i.test(p.path))
					continue;
				const converted = convert(p.value);
				if (converted !== undefined) return { pair: p, converted };
			}
		}
		return undefined;
	};
	const id = byKey(ID_KEYS, asTicketId);
	const num = byKey(NUMBER_KEYS, asTicketNumber);
	if (id || num) {
		return {
			ticketId: id?.converted as number | undefined,
			ticketNumber: num?.converted as string | undefined,
			foundBy: `key:${(id ?? num)!.pair.key}`,
		};
	}
	for (const p of pairs) {
		const url = TICKET_ID_IN_URL.exec(p.value);
		if (url) return { ticketId: Number(url[1]), foundBy: `pattern:${p.key}` };
	}
	for (const p of pairs) {
		const m = TICKET_NUMBER_IN_TEXT.exec(p.value);
		if (m) return { ticketNumber: m[0], foundBy: `pattern:${p.key}` };
	}
	return undefined;
}
