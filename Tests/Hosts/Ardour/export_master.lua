-- Faltung, a real-time convolution reverb. GPL-3.0-or-later.
--
-- ardour7-lua export_master.lua FOLDER NAME OUTPUT_FOLDER FILE LENGTH LATENCY
--
-- Opens the session and exports the master bus from sample 0 to LENGTH into
-- OUTPUT_FOLDER/FILE.wav with the "Faltung float32" preset (32-bit float WAV at
-- the session rate, no dither, no normalisation). When Faltung is on the track, it
-- first waits (up to 5 s) for the plugin to report LATENCY samples, and prints what
-- it reports ("latency N"): a wrong latency is the test's to judge, so the export
-- goes ahead either way.
local folder, name, output, file = arg[1], arg[2], arg[3], arg[4]
local length, latency = tonumber(arg[5]), tonumber(arg[6])
assert(folder and name and output and file and length and latency,
       "usage: export_master.lua FOLDER NAME OUTPUT_FOLDER FILE LENGTH LATENCY")

-- The id in faltung-float32.preset, which the test puts in $HOME/.config/ardour7/export.
local kPreset = "0d8e6a52-3c1b-4e57-a0f4-6b9d2c7e8f31"

assert(load_session(folder, name), "could not load the session")
local track = Session:route_by_name("Faltung")
assert(not track:isnil(), "no track named Faltung")
local master = Session:master_out()
for i = 0, 1 do
    assert(track:output():audio(i):connected_to(master:input():audio(i):name()), "the track does not feed the master bus")
end

local plugin = track:nth_plugin(0)
if not plugin:isnil() then
    assert(plugin:display_name() == "Faltung", "an unexpected plugin on the track: " .. plugin:display_name())
    local insert = plugin:to_insert()
    for _ = 1, 250 do
        if insert:signal_latency() == latency then
            break
        end
        ARDOUR.LuaAPI.usleep(20000)
    end
    print("latency " .. insert:signal_latency())
    print("track-latency " .. track:signal_latency())
    -- Once built, a new engine is crossfaded in over 50 ms of audio: let that pass.
    ARDOUR.LuaAPI.usleep(300000)
    insert = nil
end

local export = Session:simple_export()
assert(export:set_preset(kPreset), "no export preset " .. kPreset)
export:set_folder(output)
export:set_name(file)
export:set_range(0, length)
assert(export:run_export(), "the export failed")

-- luasession frees the session in close_session() and any Lua reference to its
-- objects after it, which reads freed memory: drop them while the session lives.
export, plugin, master, track = nil, nil, nil, nil
collectgarbage()
collectgarbage()
close_session()
print("done")
