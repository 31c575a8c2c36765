import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { Ilert } from '../../../../nodes/Ilert/Ilert.node';
import {
	createExecuteContext,
	type MockExecuteFunctions,
	type ParameterValue,
} from '../../../support';

export interface IlertSimLike {
	url: string;
	credentials: {
		apiKey: string;
		integrationKey: string;
		secondIntegrationKey: string;
		alertSourceId: number;
	};
}

export function ilertCredentials(
	sim: IlertSimLike,
	integrationKey = sim.credentials.integrationKey,
	retryWait = 20,
) {
	return {
		autotaskIlertIlertApi: {
			apiKey: sim.credentials.apiKey,
			baseUrl: sim.url,
			maxRetryWaitSeconds: retryWait,
		},
		autotaskIlertIlertAlertSourceApi: {
			integrationApiKey: integrationKey,
			baseUrl: sim.url,
			maxRetryWaitSeconds: retryWait,
		},
	};
}

export async function runIlert(
	sim: IlertSimLike,
	parameters: Record<string, ParameterValue>,
	items: INodeExecutionData[] = [{ json: {} }],
	extra: { continueOnFail?: boolean; integrationKey?: string; retryWaitSeconds?: number } = {},
): Promise<{ out: IDataObject[]; ctx: MockExecuteFunctions; raw: INodeExecutionData[] }> {
	const ctx = createExecuteContext({
		parameters,
		items,
		credentials: ilertCredentials(sim, extra.integrationKey, extra.retryWaitSeconds),
		continueOnFail: extra.continueOnFail,
		node: { name: 'ilert', type: 'n8n-nodes-autotask-ilert.ilert' },
	});
	const [raw] = await new Ilert().execute.call(ctx);
	return { out: raw.map((i) => i.json), ctx, raw };
}

/** An item as the Autotask Trigger + Ticket Lifecycle emit it. */
export function lifecycleItem(overrides: IDataObject = {}): INodeExecutionData {
	return {
		json: {
			event: 'created',
			eventReason: 'Ticket created',
			source: 'webhook',
			receivedAt: '2026-11-28T09:15:00.000Z',
			enriched: true,
			ticket: {
				id: 123456,
				number: 'T20261128.0042',
				title: 'Server down',
				description: 'The mail server does not answer.',
				status: { id: 1, label: 'New' },
				priority: { id: 4, label: 'Critical' },
				queue: { id: 8, label: 'Level I Support' },
				company: { id: 174, name: 'Acme Corp' },
				contact: { id: 30682887 },
				assignedResource: { id: null, roleId: null },
				createDate: '2026-11-28T09:14:00Z',
				lastActivityDate: '2026-11-28T09:14:00Z',
				dueDateTime: '2026-11-28T17:00:00Z',
				completedDate: null,
				webUrl:
					'https://ww5.autotask.net/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID=123456',
			},
			lifecycle: {
				action: 'create',
				rule: 'New ticket: open an alert',
				event: 'created',
				status: { id: 1, label: 'New', class: 'open' },
				alertState: 'none',
				ilertPriority: 'HIGH',
				alertKey: 'autotask-123456',
				ticketId: 123456,
			},
			...overrides,
		},
	};
}

/** Requests whose URL path ends with this suffix. */
export function requestsTo(ctx: MockExecuteFunctions, method: string, pathPart: RegExp) {
	return ctx.mock.requests.filter(
		(r) => r.method === method && pathPart.test(new URL(r.url).pathname),
	);
}
