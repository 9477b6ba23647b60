-- Faltung, a real-time convolution reverb. GPL-3.0-or-later.
--
-- ardour7-lua crash_self.lua
--
-- Ends its own process with SIGSEGV, as a crash in Ardour or in a plugin would, so
-- that the test can check how its harness reports a crashed run.
local pid = io.open("/proc/self/stat"):read("*l"):match("^(%d+)")
os.execute("kill -SEGV " .. pid)
ARDOUR.LuaAPI.usleep(5000000)
-- Only reached if the signal did not end the process: the test then fails.
print("done")
