import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { forEachItem } from '../../../shared/nodeErrors';
import { getAlert, putAlertAction } from '../../../shared/transport/ilert';
import { ilertErrorCode, isNoOpenAlertCode } from '../event/ilertErrorCodes';
import { requireAlertId } from './shared';

/**
 * Accept or resolve by id, idempotently: the alert is read first; an alert already in the
 * target state (or resolved, for accept) is reported as a no-op and not touched. A benign ilert
 * error code (already accepted/resolved, from a race) is also a no-op; anything else is an error.
 */
export async function transition(
	this: IExecuteFunctions,
	action: 'accept' | 'resolve',
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (i) => {
		const id = requireAlertId(this, i);
		const before = await getAlert(this, id, [], i);
		const status = String(before.status ?? '').toUpperCase();
		const noOpReason =
			status === 'RESOLVED'
				? `Alert ${id} is already resolved`
				: action === 'accept' && status === 'ACCEPTED'
					? `Alert ${id} is already accepted`
					: undefined;
		if (noOpReason) {
			return [
				{
					json: { action, noOp: true, reason: noOpReason, alert: before },
					pairedItem: { item: i },
				},
			];
		}
		let alert: IDataObject;
		try {
			alert = await putAlertAction(this, id, action, i);
		} catch (error) {
			const code = ilertErrorCode(error);
			if (isNoOpenAlertCode(code)) {
				const after = await getAlert(this, id, [], i);
				return [
					{
						json: { action, noOp: true, reason: `ilert reports ${code}`, alert: after },
						pairedItem: { item: i },
					},
				];
			}
			throw new NodeApiError(this.getNode(), error as JsonObject, { itemIndex: i });
		}
		return [{ json: { action, noOp: false, alert }, pairedItem: { item: i } }];
	});
}
