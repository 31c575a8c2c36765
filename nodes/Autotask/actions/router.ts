import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeToOperation, type ResourceModules } from '../../shared/router';
import * as picklist from './picklist/Picklist.resource';
import * as resource from './resource/Resource.resource';
import * as ticket from './ticket/Ticket.resource';

const resources: ResourceModules = { picklist, resource, ticket };

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeToOperation(this, resources);
}
