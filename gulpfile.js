// tsc does not copy assets: copy the node, credential and shared icons into dist/,
// keeping their folders so the `file:` icon paths resolve from the compiled code too.
const { task, src, dest } = require('gulp');

task('build:icons', () =>
	src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}', 'icons/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist')),
);
