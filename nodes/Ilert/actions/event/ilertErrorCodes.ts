/**
 * ilert's error codes for "nothing to do" (no open alert, already accepted or resolved), read
 * out of whatever the transport threw.
 */

/** Reads the ilert error code/message out of whatever the transport threw. */
export function ilertErrorCode(error: unknown): string | undefined {
	const seen = new Set<unknown>();
	const visit = (value: unknown, depth: number): string | undefined => {
		if (value === null || typeof value !== 'object' || depth > 5 || seen.has(value))
			return undefined;
		seen.add(value);
		const obj = value as Record<string, unknown>;
		if (
			typeof obj.code === 'string' &&
			/^[A-Z][A-Z0-9_]+$/.test(obj.code) &&
			!obj.code.startsWith('ERR_')
		) {
			return obj.code;
		}
		for (const key of ['context', 'cause', 'errorResponse', 'response', 'data', 'body', 'error']) {
			const found = visit(obj[key], depth + 1);
			if (found) return found;
		}
		return undefined;
	};
	const direct = visit(error, 0);
	if (direct) return direct;
	const texts = [
		(error as { message?: unknown })?.message,
		(error as { description?: unknown })?.description,
	].filter((t): t is string => typeof t === 'string');
	for (const t of texts) {
		const match =
			/\b(NO_?NE?_OPEN_[A-Z_]+|NO_OPEN_[A-Z_]+|[A-Z_]*ALREADY_(?:ACCEPTED|RESOLVED)[A-Z_]*)\b/.exec(
				t,
			);
		if (match) return match[1];
	}
	return undefined;
}

/** The codes ilert (older behaviour) returns when there is nothing to accept/resolve. */
export function isNoOpenAlertCode(code: string | undefined): boolean {
	return (
		code !== undefined &&
		/^(NO_OPEN|NONE_OPEN|NO_OPEN_INCIDENT|.*ALREADY_(ACCEPTED|RESOLVED))/.test(code)
	);
}
