/**
 * CPU spent per request, to show where an HTTP figure's time goes: this process (the server and the client
 * run in it) from process.cpuUsage, and the PostgreSQL server's processes from /proc (Linux, same machine;
 * null elsewhere). CPU time, unlike wall time, does not depend on what else the shared machine runs.
 */
import fs from 'node:fs';

/** Total user + system CPU of every process named postgres*, in ms; null when /proc cannot tell. */
function postgresCpuMs(): number | null {
  try {
    let ticks = 0;
    for (const d of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      let st: string;
      try {
        st = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      } catch {
        continue; // the process ended between readdir and read
      }
      const name = st.slice(st.indexOf('(') + 1, st.lastIndexOf(')'));
      if (!name.startsWith('postgres')) continue;
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]); // utime, stime (fields 14 and 15)
    }
    return ticks * 10; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/** Starts a CPU meter; `stop(n)` returns ms of CPU per unit for this process and for PostgreSQL. */
export function cpuMeter() {
  const node0 = process.cpuUsage();
  const pg0 = postgresCpuMs();
  return {
    stop(n: number) {
      const node = process.cpuUsage(node0);
      const pg1 = postgresCpuMs();
      return {
        nodeMs: (node.user + node.system) / 1000 / n,
        postgresMs: pg0 === null || pg1 === null ? null : (pg1 - pg0) / n,
      };
    },
  };
}
