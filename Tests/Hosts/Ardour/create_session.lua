-- Faltung, a real-time convolution reverb. GPL-3.0-or-later.
--
-- ardour7-lua create_session.lua FOLDER NAME LENGTH POSITION
--
-- A new 48 kHz session (the "None (Dummy)" backend) with one stereo track,
-- "Faltung", holding one stereo region of LENGTH samples at POSITION, with its
-- fades off. Headless Ardour cannot import a file, so the region is bounced from
-- the empty track: its two mono source files ("source PATH") hold silence, and the
-- test then writes its own signal into them. Ardour plays the region from disk
-- like any recorded audio, which is the case its latency compensation is made for.
local folder, name = arg[1], arg[2]
local length, position = tonumber(arg[3]), tonumber(arg[4])
assert(folder and name and length and position, "usage: create_session.lua FOLDER NAME LENGTH POSITION")

assert(create_session(folder, name, 48000), "could not create the session")
assert(Session:nominal_sample_rate() == 48000, "the session does not run at 48 kHz")

-- No input connections: the plugin hears only the region.
local track = Session:new_audio_track(2, 2, nil, 1, "Faltung", ARDOUR.PresentationInfo.max_order,
                                      ARDOUR.TrackMode.Normal, false, true):front()
assert(not track:isnil(), "could not add the track")
-- Ardour connects a new track to the master bus in a background thread, which may
-- not have run when the session is saved: connect it here.
local master = Session:master_out()
for i = 0, 1 do
    local out, into = track:output():audio(i), master:input():audio(i):name()
    out:connect(into)
    assert(out:connected_to(into), "could not connect the track to the master bus")
    assert(not track:input():audio(i):connected(), "the track's input is connected")
end

local region = track:bounce_range(0, length, ARDOUR.InterThreadInfo(), track:main_outs(), false, "input")
assert(not region:isnil(), "could not bounce the region")
-- Ardour fades every region in and out by default; the test wants the samples as written.
region:to_audioregion():set_fade_in_active(false)
region:to_audioregion():set_fade_out_active(false)
track:playlist():add_region(region, Temporal.timepos_t(position), 1, false, 0, 0, false)

for i = 0, region:to_audioregion():n_channels() - 1 do
    print("source " .. region:source(i):to_filesource():path())
end

assert(Session:save_state("", false, false, false, false, false) == 0, "could not save the session")
-- See export_master.lua: no Lua reference to the session's objects may outlive it.
region, master, track = nil, nil, nil
collectgarbage()
collectgarbage()
close_session()
print("done")
