import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * What an Autotask Extension Callout must carry to start a workflow: a secret in its URL
 * (`?secret=…`, the one channel Autotask is known to send, as ilert's own integration uses),
 * and optionally the callout's Username and Password as HTTP Basic auth on top.
 *
 * Inbound only: n8n sends nothing with it, so it has no `authenticate`; the Autotask Trigger
 * checks requests against it, and its credential test (`testedBy` on the trigger) checks that
 * it can protect anything at all.
 */
export class AutotaskIlertCalloutApi implements ICredentialType {
	name = 'autotaskIlertCalloutApi';

	displayName = 'Autotask Extension Callout API';

	icon: Icon = { light: 'file:../icons/autotask.svg', dark: 'file:../icons/autotask.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-autotask-ilert/n8n-nodes-autotask-ilert#autotask-trigger';

	properties: INodeProperties[] = [
		{
			displayName: 'URL Secret',
			name: 'urlSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A long random value (at least 16 characters, e.g. 48 hex digits). The callout URL in Autotask ends in ?secret=&lt;this value&gt;.',
		},
		{
			displayName:
				'Username and Password are optional. Leave them empty when the callout in Autotask has none; when both are set, a callout that sends HTTP Basic credentials must send these.',
			name: 'basicNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			description: 'The Username in the Autotask Extension Callout (optional)',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The Password in the Autotask Extension Callout (optional)',
		},
		{
			displayName: 'Require Basic Auth',
			name: 'requireBasicAuth',
			type: 'boolean',
			default: false,
			description:
				'Whether a callout without HTTP Basic credentials is refused. Turn on only once you have seen your Autotask send them.',
		},
	];
}
