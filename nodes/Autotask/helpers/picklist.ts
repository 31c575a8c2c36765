import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { describePicklist, findPicklistValue } from '../../shared/domain/picklist';
import { getPicklist } from '../../shared/transport/autotask';

/**
 * A picklist value given by id (what the pickers produce) or by label (typed, or from an
 * expression such as "In Progress"), resolved against the tenant's live picklist: the n8n side
 * of `findPicklistValue`. Unknown values fail with the list of valid labels.
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
	const match = findPicklistValue(values, text);
	if (!match) {
		throw new NodeOperationError(ctx.getNode(), `Unknown ${displayName} "${text}"`, {
			itemIndex,
			description: `Valid values of ${entity}.${field} in this Autotask tenant: ${describePicklist(values)}`,
		});
	}
	return Number(match.value);
}
