/**
 * An Extension Callout request: authenticate (credential, or the node parameters of versions 1
 * and 1.1), parse the callout, read the ticket within the budget, emit it.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { parseCallout } from '../shared/domain/callout';
import {
	basicAuthMatches,
	checkCalloutAuth,
	sameSecret,
	SECRET_QUERY,
	type CalloutSecrets,
} from '../shared/domain/calloutAuth';
import {
	classifyCalloutEvent,
	EVENT_QUERY,
	parseDeclaredEvent,
} from '../shared/domain/ticketEvent';
import { enrichTicket } from './enrich';
import {
	emit,
	headerText,
	outcomeFields,
	rawBodyOf,
	rawForOutput,
	reject,
	type RequestOptions,
} from './webhookHttp';

const CALLOUT_CREDENTIAL = 'autotaskIlertCalloutApi';

/** Node versions 1 and 1.1 kept the callout secrets in node parameters; version 2 reads a credential. */
function legacyCalloutAuth(ctx: IWebhookFunctions): string | undefined {
	const method = ctx.getNodeParameter('calloutAuthentication', 'basicAuth') as string;
	if (method === 'basicAuth' || method === 'basicAuthAndSecret') {
		const username = String(ctx.getNodeParameter('calloutUsername', '') ?? '');
		const password = String(ctx.getNodeParameter('calloutPassword', '') ?? '');
		if (username === '' && password === '')
			return 'The trigger has no callout username and password configured';
		const basic = basicAuthMatches(
			{ username, password },
			headerText(ctx.getHeaderData().authorization),
		);
		if (basic === undefined) return 'Basic authentication required';
		if (!basic) return 'Invalid username or password';
	}
	if (method === 'urlSecret' || method === 'basicAuthAndSecret') {
		const secret = String(ctx.getNodeParameter('calloutSecret', '') ?? '');
		if (secret === '') return 'The trigger has no URL secret configured';
		const given = headerText((ctx.getQueryData() as IDataObject)[SECRET_QUERY]);
		if (given === '' || !sameSecret(given, secret)) return 'Missing or wrong secret in the URL';
	}
	return undefined;
}

async function calloutAuthError(
	ctx: IWebhookFunctions,
): Promise<{ message: string; basicChallenge: boolean } | undefined> {
	if (ctx.getNode().typeVersion < 2) {
		const message = legacyCalloutAuth(ctx);
		return message === undefined ? undefined : { message, basicChallenge: true };
	}
	let secrets: CalloutSecrets;
	try {
		const credentials = await ctx.getCredentials(CALLOUT_CREDENTIAL);
		secrets = {
			urlSecret: String(credentials.urlSecret ?? ''),
			username: String(credentials.username ?? ''),
			password: String(credentials.password ?? ''),
			requireBasicAuth: credentials.requireBasicAuth === true,
		};
	} catch {
		return {
			message: 'The trigger has no Autotask Extension Callout credential',
			basicChallenge: false,
		};
	}
	const result = checkCalloutAuth(secrets, {
		authorization: headerText(ctx.getHeaderData().authorization),
		urlSecret: headerText((ctx.getQueryData() as IDataObject)[SECRET_QUERY]),
	});
	return result.ok ? undefined : { message: result.message, basicChallenge: result.basicChallenge };
}

export async function handleCallout(
	ctx: IWebhookFunctions,
	receivedAt: string,
	options: RequestOptions,
): Promise<IWebhookResponseData> {
	const authError = await calloutAuthError(ctx);
	if (authError !== undefined) {
		const headers: Record<string, string> = authError.basicChallenge
			? { 'WWW-Authenticate': 'Basic realm="Autotask Trigger", charset="UTF-8"' }
			: {};
		return reject(ctx, 401, authError.message, headers);
	}
	const query = ctx.getQueryData() as Record<string, unknown>;
	const declared = parseDeclaredEvent(query[EVENT_QUERY]);
	if (declared !== undefined && !declared.ok) return reject(ctx, 400, declared.message);
	const req = ctx.getRequestObject();
	const parsed = parseCallout({
		method: req.method ?? 'POST',
		contentType: headerText(ctx.getHeaderData()['content-type']),
		query,
		parsedBody: ctx.getBodyData(),
		rawBody: rawBodyOf(ctx),
		maxBodyBytes: options.maxBodyBytes,
		hiddenKeys: [SECRET_QUERY, EVENT_QUERY],
	});
	if (!parsed.ok) return reject(ctx, parsed.status, parsed.message);

	const outcome = await enrichTicket(
		ctx,
		{ ticketId: parsed.ticketId, ticketNumber: parsed.ticketNumber },
		options.budgetMs,
	);
	const classified = classifyCalloutEvent({
		declared: query[EVENT_QUERY],
		createDate: outcome.ticket.createDate,
		lastActivityDate: outcome.ticket.lastActivityDate,
		createdWindowMs: options.createdWindowMs,
	});
	return emit(ctx, {
		event: classified.event,
		eventReason: `Extension callout: ${classified.reason}`,
		ticket: outcome.ticket as unknown as IDataObject,
		source: 'callout',
		receivedAt,
		...outcomeFields(outcome),
		callout: { format: parsed.format, foundBy: parsed.foundBy, fieldsSeen: parsed.fieldsSeen },
		raw: rawForOutput(parsed.body) as IDataObject,
	});
}
