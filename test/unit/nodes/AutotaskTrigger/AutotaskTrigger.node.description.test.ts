/**
 * n8n resolves the trigger's webhook description without its expression engine (no isolate per
 * request) while the node's parameters are static, and gets the same answer the template gives.
 */
import type { INode } from 'n8n-workflow';
import {
	resolveWebhookDescriptionField,
	webhookDescriptionIsNativelyResolvable,
} from 'n8n-workflow';

import { AutotaskTrigger } from '../../../../nodes/AutotaskTrigger/AutotaskTrigger.node';

const webhooks = new AutotaskTrigger().description.webhooks ?? [];

function node(parameters: INode['parameters']): INode {
	return {
		id: 'n1',
		name: 'Autotask Trigger',
		type: 'n8n-nodes-autotask-ilert.autotaskTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters,
	};
}

describe('webhook description', () => {
	it('declares both webhooks natively resolvable', () => {
		expect(webhooks).toHaveLength(2);
		for (const webhook of webhooks)
			expect(webhookDescriptionIsNativelyResolvable(webhook)).toBe(true);
	});

	it.each([
		[{ mode: 'callout', respond: 'responseNode' }, 'responseNode'],
		[{ mode: 'callout', respond: 'onReceived' }, 'onReceived'],
		[{ mode: 'webhook' }, 'onReceived'],
	])('resolves the response mode of %j to %s', (parameters, expected) => {
		for (const webhook of webhooks) {
			expect(resolveWebhookDescriptionField(node(parameters), webhook, 'responseMode')).toEqual({
				resolved: true,
				value: expected,
			});
			expect(webhook.responseMode).toBe('={{$parameter["respond"] || "onReceived"}}');
		}
	});

	it('leaves a node with an expression in its parameters to the engine', () => {
		const withExpression = node({
			mode: 'callout',
			respond: 'responseNode',
			calloutPassword: '={{ $env.CALLOUT_PASSWORD }}',
		});
		expect(resolveWebhookDescriptionField(withExpression, webhooks[0], 'responseMode')).toEqual({
			resolved: false,
		});
	});
});
