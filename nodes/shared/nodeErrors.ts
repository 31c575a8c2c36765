/**
 * Per-item error handling of the action nodes (ilert, Autotask): every error carries its item's
 * index, and with "Continue On Fail" a failed item becomes an output item with the error.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * Rethrows an error of one item with its `itemIndex`, keeping the service's message and HTTP
 * code (a `NodeApiError` is re-used, not re-wrapped).
 */
export function errorForItem(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context = { ...(error.context ?? {}), itemIndex };
		return error instanceof NodeApiError
			? new NodeApiError(ctx.getNode(), error as never)
			: new NodeOperationError(ctx.getNode(), error);
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/** The output item for a failed item when "Continue On Fail" is on. */
export function failedItem(error: unknown, itemIndex: number): INodeExecutionData {
	const json: Record<string, string> = { error: (error as Error)?.message ?? String(error) };
	const description = (error as { description?: unknown })?.description;
	if (typeof description === 'string' && description !== '') json.description = description;
	const httpCode = (error as { httpCode?: unknown })?.httpCode;
	if (typeof httpCode === 'string' && httpCode !== '') json.httpCode = httpCode;
	return { json, pairedItem: { item: itemIndex } };
}

/** Runs `run` for every item, collecting output, honouring Continue On Fail. */
export async function forEachItem(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	run: (itemIndex: number) => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			out.push(...(await run(i)));
		} catch (error) {
			if (ctx.continueOnFail()) {
				out.push(failedItem(error, i));
				continue;
			}
			throw errorForItem(ctx, error, i);
		}
	}
	return out;
}
