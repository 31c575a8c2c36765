/**
 * The router of the action nodes (Airtable-v2 shape): runs `actions/<resource>/<operation>`'s
 * `execute` for all input items and returns its items as the only output.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

type Operation = {
	execute: (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]>;
};

/** Resource modules by resource value; each exports its operation modules by operation value. */
export type ResourceModules = Record<string, Record<string, unknown>>;

export async function routeToOperation(
	ctx: IExecuteFunctions,
	resources: ResourceModules,
): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const module = resources[resource]?.[operation] as Operation | undefined;
	if (!module || typeof module.execute !== 'function') {
		throw new NodeOperationError(
			ctx.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	}
	return [await module.execute.call(ctx, items)];
}
