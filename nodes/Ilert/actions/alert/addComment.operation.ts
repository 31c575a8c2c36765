import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/nodeErrors';
import {
	getAlert,
	ilertRequest,
	sendIlertEvent,
	type IlertEventResult,
} from '../../../shared/transport/ilert';
import { commentFromParameters, commentProperties } from '../event/eventParameters';
import { ilertErrorCode, isNoOpenAlertCode } from '../event/ilertErrorCodes';
import { alertIdProperty, requireAlertId } from './shared';

export const description: INodeProperties[] = [
	{
		displayName:
			"ilert's REST API has no comment endpoint: the comment is sent as a COMMENT event with the alert's key and its alert source's integration key, read over REST (your API key needs permission to see it)",
		name: 'addCommentNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['alert'], operation: ['addComment'] } },
	},
	alertIdProperty(['addComment']),
	...updateDisplayOptions(
		{ show: { resource: ['alert'], operation: ['addComment'] } },
		commentProperties(),
	),
];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (i) => {
		const id = requireAlertId(this, i);
		const { creator, content } = commentFromParameters(this, i);
		const alert = await getAlert(this, id, [], i);
		const alertKey = typeof alert.alertKey === 'string' ? alert.alertKey.trim() : '';
		if (alertKey === '') {
			throw new NodeOperationError(
				this.getNode(),
				`Alert ${id} has no alert key, so it cannot take comments by event`,
				{
					itemIndex: i,
				},
			);
		}
		const out: IDataObject = {
			alertId: alert.id,
			alertKey,
			comment: content,
			queued: false,
			noOp: false,
		};
		if (String(alert.status).toUpperCase() === 'RESOLVED') {
			out.noOp = true;
			out.reason = `Alert ${id} is resolved; ilert adds events only to open alerts`;
			return [{ json: out, pairedItem: { item: i } }];
		}
		const integrationKey = await alertSourceIntegrationKey(this, alert, i);
		let result: Pick<IlertEventResult, 'queued' | 'noOp' | 'code'>;
		try {
			result = await sendIlertEvent(
				this,
				{
					eventType: 'COMMENT',
					alertKey,
					summary:
						typeof alert.summary === 'string' && alert.summary !== '' ? alert.summary : alertKey,
					comments: [{ creator, content }],
				},
				{ itemIndex: i, integrationKey },
			);
		} catch (error) {
			const code = ilertErrorCode(error);
			if (!isNoOpenAlertCode(code))
				throw new NodeApiError(this.getNode(), error as JsonObject, { itemIndex: i });
			result = { queued: false, noOp: true, code };
		}
		out.queued = result.queued;
		if (result.noOp) {
			out.noOp = true;
			out.reason = `ilert reports ${result.code ?? 'nothing to do'}`;
		}
		return [{ json: out, pairedItem: { item: i } }];
	});
}

/** The integration key of the alert's source: ilert returns it only to keys allowed to edit the source. */
async function alertSourceIntegrationKey(
	ctx: IExecuteFunctions,
	alert: IDataObject,
	itemIndex: number,
): Promise<string> {
	const source = (alert.alertSource ?? {}) as IDataObject;
	let key = typeof source.integrationKey === 'string' ? source.integrationKey : '';
	if (key === '' && source.id !== undefined) {
		const full = await ilertRequest<IDataObject>(ctx, {
			method: 'GET',
			path: `/alert-sources/${String(source.id)}`,
			itemIndex,
		});
		key = typeof full?.integrationKey === 'string' ? full.integrationKey : '';
	}
	if (key === '') {
		throw new NodeOperationError(
			ctx.getNode(),
			`ilert did not reveal the integration key of alert ${String(alert.id)}'s alert source to this API key`,
			{
				itemIndex,
				description:
					'Use an API key of a user who may edit that alert source, or use Alert Event › Comment with the Alert Source credential',
			},
		);
	}
	return key;
}
