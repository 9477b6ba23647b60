-- Faltung, a real-time convolution reverb. GPL-3.0-or-later.
--
-- ardour7-lua automate_mix.lua FOLDER NAME FROM TO
--
-- Opens the session create_session.lua made, inserts the LV2 on the track
-- "Faltung", and draws an automation lane for Mix as a user does: 0 % (dry) up to
-- sample FROM, a ramp to 100 % (only reverb) at sample TO, then held; the lane is
-- set to Play and the session saved. Mix is an LV2 patch:writable parameter, which
-- Ardour offers as a "property" control with its own automation lane.
local folder, name, from, to = arg[1], arg[2], tonumber(arg[3]), tonumber(arg[4])
assert(folder and name and from and to and from < to, "usage: automate_mix.lua FOLDER NAME FROM TO")

local kUri = "https://faltung.org/plugins/faltung"

assert(load_session(folder, name), "could not load the session")
local track = Session:route_by_name("Faltung")
assert(not track:isnil(), "no track named Faltung")
local plugin = ARDOUR.LuaAPI.new_plugin(Session, kUri, ARDOUR.PluginType.LV2, "")
assert(not plugin:isnil(), "Ardour does not know the LV2")
assert(track:add_processor_by_index(plugin, -1, nil, true) == 0, "could not insert the plugin")

local automatable = plugin:to_insert():to_automatable()
local mix
for parameter in automatable:all_automatable_params():iter() do
    local control = automatable:automation_control(parameter, false)
    if not control:isnil() and control:name() == "property-" .. kUri .. ":mix" then
        mix = control
        print("lane " .. control:name())
    end
end
assert(mix, "Ardour offers no automation lane for Mix")

local list = mix:alist()
list:clear_list()
for _, point in ipairs({{0, 0}, {from, 0}, {to, 100}, {48000 * 60, 100}}) do
    list:add(Temporal.timepos_t(point[1]), point[2], false, true)
end
mix:set_automation_state(ARDOUR.AutoState.Play)
print("points " .. list:size())

assert(Session:save_state("", false, false, false, false, false) == 0, "could not save the session")
list, mix, automatable, plugin, track = nil, nil, nil, nil, nil
collectgarbage()
collectgarbage()
close_session()
print("done")
