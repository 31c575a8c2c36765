import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getPicklist } from '../../shared/transport/autotask';

/**
 * A picklist value given by id (what the pickers produce) or by label (typed, or from an
 * expression such as "In Progress"), resolved against the tenant's live picklist.
 * Unknown values fail with the list of valid labels.
 */
export async function resolvePicklistValue(
	ctx: IExecuteFunctions,
	entity: string,
	field: string,
	displayName: string,
	input: unknown,
	itemIndex: number,
): Promise<number> {
	const text = String(input ?? '').trim();
	const values = await getPicklist(ctx, entity, field, { itemIndex });
	const byId = values.find((v) => String(v.value) === text);
	const byLabel = byId ? undefined : values.filter((v) => v.label.trim().toLowerCase() === text.toLowerCase());
	const match = byId ?? byLabel?.find((v) => v.isActive !== false) ?? byLabel?.[0];
	if (!match) {
		const valid = values
			.filter((v) => v.isActive !== false)
			.map((v) => `${v.label} (${String(v.value)})`)
			.join(', ');
		throw new NodeOperationError(ctx.getNode(), `Unknown ${displayName} "${text}"`, {
			itemIndex,
			description: `Valid values of ${entity}.${field} in this Autotask tenant: ${valid}`,
		});
	}
	return Number(match.value);
}
