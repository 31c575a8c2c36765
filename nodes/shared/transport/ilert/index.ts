/**
 * The ilert transport, by layer: pipeline.ts (retry, errors; the only module that sends), then
 * events, alerts, the shared open-alert look-up, alert sources and alert actions. State lives in
 * ../processState.ts.
 */
export {
	DEFAULT_ILERT_BASE_URL,
	ILERT_CREDENTIAL,
	ILERT_SOURCE_CREDENTIAL,
	ilertErrorInfo,
	ilertRequest,
	readIlertCall,
	sendIlert,
	type IlertCall,
	type IlertRequestOptions,
	type TransportContext,
} from './pipeline';
export { sendIlertEvent, type IlertEvent, type IlertEventResult } from './events';
export {
	alertsWithKey,
	assignAlert,
	findAlertsByKey,
	getAlert,
	ILERT_ALERTS_PAGE_SIZE,
	listIlertAlerts,
	putAlertAction,
	type ListIlertAlertsOptions,
} from './alerts';
export {
	findAlertsReportedSince,
	findOpenAlertByKey,
	invalidateOpenAlert,
	LISTING_REUSE_MS,
	REPORTED_SINCE_STEP_MS,
} from './openAlerts';
export {
	createAlertAction,
	deleteAlertAction,
	getAlertAction,
	listAlertSources,
} from './alertSources';
