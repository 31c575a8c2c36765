#!/usr/bin/env node
/**
 * `npm run screenshots`: README pictures of every template in the n8n editor.
 *
 * Starts the simulators and the pinned n8n (test/n8n) with this package and every
 * workflows/*.json template (credentials point at the simulators), logs into the editor with
 * headless Chromium driven by playwright-core, opens each template, fits it to the view and
 * saves docs/images/<template>.png.
 *
 * Needs, once (documented in docs/development.md):
 *   apt-get update && apt-get install -y chromium     # Debian's Chromium; no browser download
 *   playwright-core (devDependency)
 * Environment: CHROMIUM_PATH (default /usr/bin/chromium), PLAYWRIGHT_CORE_PATH (a path to a
 * playwright-core install, default: the project's own), SCREENSHOT_WORKFLOWS (comma-separated
 * extra workflow files, e.g. bench/workflows/baseline-builtin.json), SCREENSHOT_OUT (default
 * docs/images).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

import * as h from '../bench/lib/harness.mjs';

const log = (line) => process.stderr.write(`[screenshots] ${line}\n`);
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const OUT = path.resolve(h.ROOT, process.env.SCREENSHOT_OUT || 'docs/images');
const HARD_LIMIT_MS = 10 * 60 * 1000;
/** Node panels photographed per template (the ones a user fills in after importing). */
const PANELS = {
	'autotask-to-ilert': [
		'Autotask Trigger',
		'Ticket Lifecycle',
		'Autotask: Get Tickets to Reconcile',
		'ilert: Create Alert',
	],
	'two-way-sync': ['ilert Trigger', 'Autotask: Set Complete'],
};
setTimeout(() => {
	log('hard time limit reached: stopping');
	process.exit(2);
}, HARD_LIMIT_MS).unref();

async function loadPlaywright() {
	const from = process.env.PLAYWRIGHT_CORE_PATH;
	if (from) {
		const req = createRequire(path.join(path.resolve(from), 'noop.js'));
		let resolved;
		try {
			resolved = req.resolve('playwright-core');
		} catch {
			resolved = path.join(path.resolve(from), 'index.js');
		}
		return import(pathToFileURL(resolved).href);
	}
	return import('playwright-core');
}

function templates() {
	const dir = path.join(h.ROOT, 'workflows');
	const files = fs.existsSync(dir)
		? fs
				.readdirSync(dir)
				.filter((f) => f.endsWith('.json'))
				.map((f) => `workflows/${f}`)
		: [];
	const extra = (process.env.SCREENSHOT_WORKFLOWS || '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	return [...files.sort(), ...extra];
}

async function main() {
	if (!fs.existsSync(CHROMIUM))
		throw new Error(
			`${CHROMIUM} not found: run apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH)`,
		);
	const pw = await loadPlaywright();
	const chromium = pw.chromium || (pw.default && pw.default.chromium);
	const files = templates();
	if (!files.length) throw new Error('no workflows/*.json templates found');
	const s = await h.startSimulators();
	let list = files.map((file, i) => {
		const name = path.basename(file, '.json');
		// As a user sees it after the setup the sticky note asks for (credentials, alert source).
		const wf = h.fillTemplateChoices(h.bindCredentials(h.loadWorkflow(file, s)));
		return {
			file,
			name,
			workflow: h.withId(
				wf,
				`shot${String(i).padStart(4, '0')}${name.replace(/[^a-zA-Z0-9]/g, '').slice(0, 8)}`.slice(
					0,
					16,
				),
			),
		};
	});
	// n8n refuses the whole import if one workflow is invalid: leave such a template out, loudly.
	const broken = list.filter(
		(x) => new Set(x.workflow.nodes.map((n) => n.id)).size !== x.workflow.nodes.length,
	);
	for (const b of broken)
		log(`warning: ${b.file} has duplicate node ids, n8n would refuse it: no picture taken`);
	list = list.filter((x) => !broken.includes(x));
	if (!list.length) throw new Error('no valid template to photograph');
	log(`starting n8n with ${list.map((x) => x.name).join(', ')}`);
	// Imported, not published: the editor shows them all the same, and nothing registers remotely.
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-shots-n8n-'));
	const inst = await h.n8n
		.startN8n({
			userFolder,
			credentials: h.simulatorCredentials(s),
			workflows: list.map((x) => x.workflow),
			publish: [],
			log: (l) => log(`n8n: ${l}`),
		})
		.catch(async (error) => {
			fs.rmSync(userFolder, { recursive: true, force: true });
			await s.close();
			throw error;
		});
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'autotask-ilert-chromium-'));
	let browser;
	try {
		// A fresh profile each run; Playwright passes it as --user-data-dir.
		browser = await chromium.launchPersistentContext(userDataDir, {
			executablePath: CHROMIUM,
			headless: true,
			viewport: { width: 1440, height: 960 },
			deviceScaleFactor: 1,
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
		});
		const context = browser;
		const page = await context.newPage();
		page.setDefaultTimeout(60000);
		await signIn(page, inst);
		fs.mkdirSync(OUT, { recursive: true });
		for (const item of list) {
			await page.goto(`${inst.url}/workflow/${item.workflow.id}`, {
				waitUntil: 'domcontentloaded',
			});
			await page.waitForSelector('[data-test-id="canvas-node"], .vue-flow__node', {
				timeout: 60000,
			});
			await page.waitForTimeout(1500);
			await dismissOverlays(page);
			// The floating "Execute workflow" button sits over the canvas; the picture is of the workflow.
			await page
				.evaluate(() => {
					const button = document.querySelector('[data-test-id="execute-workflow-button"]');
					let el = button;
					// Climb to the button group (split button with its trigger chooser), not to the canvas.
					for (let i = 0; el && i < 3; i++) {
						const up = el.parentElement;
						if (
							!up ||
							up.querySelector('.vue-flow__node') ||
							up.querySelectorAll('button').length > 4
						)
							break;
						el = up;
					}
					if (el) el.style.visibility = 'hidden';
				})
				.catch(() => undefined);
			// "Zoom to fit": the canvas keyboard shortcut is "1".
			await page
				.locator('.vue-flow__pane, [data-test-id="canvas"]')
				.first()
				.click({ position: { x: 5, y: 5 }, force: true })
				.catch(() => undefined);
			await page.keyboard.press('1').catch(() => undefined);
			await page.waitForTimeout(800);
			await dismissOverlays(page);
			const file = path.join(OUT, `${item.name}.png`);
			await page.screenshot({ path: file });
			const count = await page.locator('.vue-flow__node').count();
			log(`${path.relative(h.ROOT, file)}: ${count} nodes on the canvas`);
			if (count < item.workflow.nodes.filter((n) => !/stickyNote/i.test(n.type)).length) {
				log(`warning: ${item.name} has ${item.workflow.nodes.length} nodes but ${count} are shown`);
			}
			// The node panels a user fills in after importing, as the user sees them.
			for (const nodeName of PANELS[item.name] || []) {
				// The node itself: the one whose label is exactly its name (a sticky note may mention the words).
				const node = page
					.locator('.vue-flow__node')
					.filter({ has: page.getByText(nodeName, { exact: true }) })
					.last();
				if (!(await node.count())) {
					log(`warning: ${item.name}: no node "${nodeName}" to open`);
					continue;
				}
				await node.dblclick({ force: true });
				await page
					.waitForSelector('[data-test-id="ndv"], .ndv-wrapper, [data-test-id="node-parameters"]', {
						timeout: 30000,
					})
					.catch(() => undefined);
				await page.waitForTimeout(1200);
				const panel = path.join(
					OUT,
					`panel-${nodeName
						.toLowerCase()
						.replace(/[^a-z0-9]+/g, '-')
						.replace(/^-|-$/g, '')}.png`,
				);
				await page.screenshot({ path: panel });
				log(`${path.relative(h.ROOT, panel)}: the ${nodeName} panel`);
				await page.keyboard.press('Escape').catch(() => undefined);
				await page.waitForTimeout(500);
			}
		}
	} finally {
		if (browser) await browser.close().catch(() => undefined);
		fs.rmSync(userDataDir, { recursive: true, force: true });
		await inst.stop();
		fs.rmSync(userFolder, { recursive: true, force: true });
		await s.close();
	}
}

async function signIn(page, inst) {
	await page.goto(`${inst.url}/signin`, { waitUntil: 'domcontentloaded' });
	const email = page
		.locator('input[name="emailOrLdapLoginId"], input[name="email"], input[type="email"]')
		.first();
	await email.waitFor({ timeout: 60000 });
	await email.fill(inst.owner.email);
	await page
		.locator('input[name="password"], input[type="password"]')
		.first()
		.fill(inst.owner.password);
	await page.locator('[data-test-id="form-submit-button"], button[type="submit"]').first().click();
	await page.waitForURL((u) => !/\/signin/.test(String(u)), { timeout: 60000 });
	log('signed in to the editor');
}

/** Closes the popups a fresh instance may show (what's new, tours, notifications). */
async function dismissOverlays(page) {
	for (let i = 0; i < 3; i++) {
		const close = page.locator(
			'.el-dialog__headerbtn:visible, .el-message-box__headerbtn:visible, [data-test-id="close-button"]:visible, .el-notification__closeBtn:visible',
		);
		const n = await close.count().catch(() => 0);
		if (!n) break;
		await close
			.first()
			.click({ timeout: 2000 })
			.catch(() => undefined);
		await page.waitForTimeout(300);
	}
	await page.keyboard.press('Escape').catch(() => undefined);
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`${error.stack || error}\n`);
		process.exit(1);
	},
);
