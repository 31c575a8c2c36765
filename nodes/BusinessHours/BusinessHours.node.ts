import type {
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { timeZoneFromAutotaskId } from '../shared/domain/autotaskTimeZones';
import { OUTPUT_FIELDS } from '../shared/domain/conventions';
import type { PicklistValue } from '../shared/domain/picklist';
import { getPicklist } from '../shared/transport/autotask';
import {
	CREDENTIAL_NAME,
	DEFAULT_LOCATION,
	listLocations,
	LOCATION_ENTITY,
} from './autotaskCalendar';
import { properties } from './description';
import { checkItem, readCheckSettings } from './itemCheck';

export class BusinessHours implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Business Hours',
		name: 'businessHours',
		icon: { light: 'file:businessHours.svg', dark: 'file:businessHours.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["source"] === "manual" ? "Manual hours" : "Autotask location"}}',
		description:
			'Route items by business hours and holidays, from an Autotask internal location or hours you enter',
		defaults: { name: 'Business Hours' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		// Short: n8n cuts a connected output's label at 96 px ("In Business Ho…").
		outputNames: ['In Hours', 'Outside Hours'],
		credentials: [
			{
				name: CREDENTIAL_NAME,
				required: true,
				displayOptions: { show: { source: ['autotaskLocation'] } },
			},
		],
		properties,
	};

	methods = {
		loadOptions: {
			async getLocations(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const locations = await listLocations(this);
				let zones: PicklistValue[] | null = null;
				try {
					zones = await getPicklist(this, LOCATION_ENTITY, 'timeZoneID');
				} catch {
					zones = null;
				}
				const options: INodePropertyOptions[] = locations
					.map((l) => {
						let zone = '';
						try {
							zone = timeZoneFromAutotaskId(l.timeZoneID as number, zones).zone;
						} catch {
							zone = 'time zone unknown';
						}
						const city = typeof l.city === 'string' && l.city !== '' ? `${l.city}, ` : '';
						return {
							name: `${String(l.name)}${l.isDefault === true ? ' (Default)' : ''}`,
							value: String(l.id),
							description: `${city}${zone}`,
						};
					})
					.sort((a, b) => a.name.localeCompare(b.name));
				return [
					{
						name: 'Default Location',
						value: DEFAULT_LOCATION,
						description: 'The internal location marked as default in Autotask',
					},
					...options,
				];
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const inHours: INodeExecutionData[] = [];
		const outside: INodeExecutionData[] = [];
		const settings = readCheckSettings(this);

		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const { inBusinessHours, output } = await checkItem(
					this,
					settings,
					items[itemIndex],
					itemIndex,
				);
				(inBusinessHours ? inHours : outside).push(output);
			} catch (error) {
				if (this.continueOnFail()) {
					// Fail towards alerting: an item whose check failed goes to Outside Hours.
					outside.push({
						json: {
							...items[itemIndex].json,
							[OUTPUT_FIELDS.businessHours]: {
								inBusinessHours: null,
								error: (error as Error).message,
							},
						},
						pairedItem: { item: itemIndex },
					});
					continue;
				}
				if (error instanceof NodeApiError) {
					throw new NodeApiError(this.getNode(), error as unknown as JsonObject, { itemIndex });
				}
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			}
		}
		return [inHours, outside];
	}
}
