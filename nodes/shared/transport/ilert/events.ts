/**
 * ilert Events API. Events with an alert key are idempotent: ilert appends a repeated event to
 * the open alert with that key instead of opening another.
 */
import type { IDataObject } from 'n8n-workflow';

import type { TransportContext } from '../http';
import { invalidateOpenAlert } from './openAlerts';
import {
	ILERT_CREDENTIAL,
	ILERT_SOURCE_CREDENTIAL,
	ilertApiError,
	ilertErrorInfo,
	readIlertCall,
	sendIlert,
} from './pipeline';

export interface IlertEvent extends IDataObject {
	eventType: 'ALERT' | 'ACCEPT' | 'RESOLVE' | 'COMMENT';
	summary: string;
	alertKey?: string;
	details?: string;
	priority?: 'HIGH' | 'LOW';
	links?: Array<{ href: string; text: string }>;
	customDetails?: IDataObject;
	routingKey?: string;
	severity?: number;
	comments?: Array<{ creator: string; content: string }>;
}

export interface IlertEventResult {
	/** ilert accepted the event for processing (202/200). */
	queued: boolean;
	/** ilert reported there was nothing to do (no open alert for the key / already accepted). */
	noOp: boolean;
	statusCode: number;
	code?: string;
	message?: string;
	/** Present only if ilert's answer carried them (the current API answers 202 with no body). */
	alertKey?: string;
	alertUrl?: string;
}

const NO_OP_CODE = /NO(NE)?_OPEN|ALREADY_ACCEPTED/i;

/**
 * Sends one Events API event with the alert source credential (it adds `integrationKey`), or,
 * with `options.integrationKey`, with that key through the REST credential (for operations that
 * start from an alert id and read its source's key over REST; the Events API ignores the Bearer
 * header).
 * 202/200 -> `{ queued: true }`; 400 with a "no open alert" / "already accepted" code ->
 * `{ queued: false, noOp: true, code, message }`. Retried only where idempotent (default: when
 * the event has an alert key).
 */
export async function sendIlertEvent(
	ctx: TransportContext,
	event: IlertEvent,
	options: { idempotent?: boolean; itemIndex?: number; integrationKey?: string } = {},
): Promise<IlertEventResult> {
	const alertKey = typeof event.alertKey === 'string' ? event.alertKey.trim() : '';
	const body: IDataObject = { ...event };
	delete body.integrationKey;
	if (options.integrationKey) body.integrationKey = options.integrationKey;
	if (alertKey) body.alertKey = alertKey;
	const call = options.integrationKey
		? await readIlertCall(ctx, ILERT_CREDENTIAL, [options.integrationKey])
		: await readIlertCall(ctx, ILERT_SOURCE_CREDENTIAL);
	const { statusCode, body: answer } = await sendIlert(ctx, call, {
		method: 'POST',
		path: '/events',
		body,
		idempotent: options.idempotent ?? alertKey !== '',
		itemIndex: options.itemIndex,
		allowStatuses: [400],
	});
	if (alertKey) invalidateOpenAlert(alertKey);
	if (statusCode === 400) {
		const info = ilertErrorInfo(answer);
		if (NO_OP_CODE.test(info.code)) {
			return { queued: false, noOp: true, statusCode, code: info.code, message: info.message };
		}
		throw ilertApiError(ctx, {
			credentialType: call.credentialType,
			status: statusCode,
			body: answer,
			method: 'POST',
			target: '/api/events',
			itemIndex: options.itemIndex,
			secrets: call.secrets,
		});
	}
	const result: IlertEventResult = { queued: true, noOp: false, statusCode };
	if (answer && typeof answer === 'object') {
		const a = answer as IDataObject;
		if (typeof a.alertKey === 'string') result.alertKey = a.alertKey;
		if (typeof a.alertUrl === 'string') result.alertUrl = a.alertUrl;
	}
	return result;
}
