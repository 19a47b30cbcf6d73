// `npm test` needs Redis for the queue tests: fail at once with a clear message rather than time out later.
import { connect } from 'node:net';

const url = new URL(process.env.PULSE_TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const socket = connect({ host: url.hostname, port: Number(url.port || 6379) });
socket.setTimeout(2000);
const fail = (why) => {
  console.error(
    `npm test needs Redis at ${url.host} (${why}).\n` +
      'Start one with: redis-server --daemonize yes --port 6379 --save "" --appendonly no\n' +
      'or point PULSE_TEST_REDIS_URL at another.',
  );
  process.exit(1);
};
socket.on('connect', () => {
  socket.write('PING\r\n');
});
socket.on('data', (data) => {
  if (String(data).startsWith('+PONG')) {
    socket.end();
    process.exit(0);
  }
  fail(`unexpected answer ${JSON.stringify(String(data).trim())}`);
});
socket.on('timeout', () => fail('no answer within 2 s'));
socket.on('error', (err) => fail(err.message));
