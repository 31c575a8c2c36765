/**
 * n8n-workflow with `sleep` recorded instead of waited, so retry tests run at once and can assert
 * the waits. jest.mock is hoisted per file, so each test file keeps its own call:
 *
 *   jest.mock('n8n-workflow', () =>
 *     jest.requireActual('<path>/support/recordedSleep').n8nWorkflowWithRecordedSleep(),
 *   );
 *
 * This module imports nothing, so loading it from inside the mock factory cannot recurse.
 */

/** The waits asked of sleep, in ms; the scripted servers empty it before each test. */
export const sleepCalls: number[] = [];

export function n8nWorkflowWithRecordedSleep(): Record<string, unknown> {
	const actual = jest.requireActual<Record<string, unknown>>('n8n-workflow');
	return {
		...actual,
		sleep: jest.fn(async (ms: number) => {
			sleepCalls.push(ms);
		}),
	};
}
