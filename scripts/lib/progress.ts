// Progress reporting for long-running scripts: an updating line on a terminal, occasional
// plain lines otherwise (CI logs), nothing at all when stdout is for data.
export function progressLine(label: string, stream: NodeJS.WriteStream = process.stderr) {
	let lastPlain = 0;
	return (text: string, final = false) => {
		if (stream.isTTY) {
			stream.write(`\r${label}: ${text}\x1b[K${final ? '\n' : ''}`);
		} else if (final || Date.now() - lastPlain > 5000) {
			lastPlain = Date.now();
			stream.write(`${label}: ${text}\n`);
		}
	};
}
