/**
 * Parameters of the form `={{ $json.ticket?.status?.label }}`, read without n8n's expression
 * engine.
 *
 * Since n8n 2.x an expression runs in an isolate (the default `vm` engine): a few milliseconds
 * per item for what is a property walk. A node may walk the item itself when a parameter still
 * holds such a path, because the result is the same value. Anything this module cannot answer
 * exactly (a primitive in the middle of the path, inherited properties) is left to n8n.
 *
 * Pure module: no n8n types.
 */

const IDENTIFIER = '[A-Za-z_$][A-Za-z0-9_$]*';
/** `$json.a` followed by optional-chaining steps only: a missing step then yields `undefined`, never an error. */
const SIMPLE_PATH = new RegExp(
	`^=\\{\\{\\s*\\$json\\.(${IDENTIFIER})((?:\\?\\.${IDENTIFIER})*)\\s*\\}\\}$`,
);

/** The property path of a simple `$json` expression, or undefined for any other value. */
export function simpleJsonPath(expression: unknown): readonly string[] | undefined {
	if (typeof expression !== 'string') return undefined;
	const match = SIMPLE_PATH.exec(expression);
	if (!match) return undefined;
	const rest = match[2] === '' ? [] : match[2].slice(2).split('?.');
	return [match[1], ...rest];
}

export type PathRead = { exact: true; value: unknown } | { exact: false };

/**
 * Walks `path` through the item's JSON the way the expression would. `exact: false` means
 * "ask n8n": a step lands on a primitive (strings and numbers have methods and n8n's
 * extensions), on an inherited property, or the value is an object or array.
 */
export function readJsonPath(json: unknown, path: readonly string[]): PathRead {
	let current: unknown = json;
	for (const key of path) {
		if (current === null || current === undefined) return { exact: true, value: undefined };
		if (typeof current !== 'object') return { exact: false };
		if (!Object.prototype.hasOwnProperty.call(current, key)) {
			if (key in (current as object)) return { exact: false };
			return { exact: true, value: undefined };
		}
		current = (current as Record<string, unknown>)[key];
	}
	// Objects come back from n8n as copies with its own handling; only plain values are read here.
	if (current !== null && typeof current === 'object') return { exact: false };
	return { exact: true, value: current };
}
