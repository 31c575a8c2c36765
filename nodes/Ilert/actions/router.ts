import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeToOperation, type ResourceModules } from '../../shared/router';
import * as alert from './alert/Alert.resource';
import * as alertSource from './alertSource/AlertSource.resource';
import * as event from './event/Event.resource';

const resources: ResourceModules = { alert, alertSource, event };

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeToOperation(this, resources);
}
