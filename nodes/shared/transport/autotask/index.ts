/**
 * The Autotask transport, by layer: pipeline.ts (zone, thread limit, retry, errors; the only
 * module that sends), then one module per entity. State lives in ../processState.ts.
 */
export {
	AUTOTASK_CREDENTIAL,
	AUTOTASK_MAX_CONCURRENT_PER_ENDPOINT,
	AUTOTASK_MAX_PAGE_SIZE,
	autotaskRequest,
	endpointKey,
	getZone,
	readAutotaskCredentials,
	sendAutotask,
	type AutotaskCredentials,
	type AutotaskRequestOptions,
	type ResolvedZone,
	type TransportContext,
} from './pipeline';
export { autotaskQuery, type AutotaskQuery, type AutotaskQueryOptions } from './query';
export { createTicketNote, findTicket, getTicket, getTicketByNumber, patchTicket } from './tickets';
export { activeResources, getResource, resourcesByEmail } from './resources';
export { getPicklist, type AutotaskFieldInfo, type PicklistValue } from './fields';
export { companyNamesByIds, getCompanyName } from './companies';
