-- Faltung, a real-time convolution reverb. GPL-3.0-or-later.
--
-- ardour7-lua insert_plugin.lua FOLDER NAME FORMAT
--
-- Opens the session create_session.lua made, inserts Faltung (FORMAT lv2 or vst3)
-- on the track "Faltung", lists the parameters Ardour shows for it
-- ("parameter NAME"), and saves the session.
--
-- LV2: JUCE's LV2 plugins have no control ports; each parameter is a patch:writable
-- property, which Ardour turns into a "property-URI" control. The latency mode is
-- set to Efficient through that control, as a host's generic editor would.
-- VST3: Ardour lists only automatable VST3 parameters, and the latency mode is not
-- one, so the test sets it in the saved state instead (and a preset cannot be
-- loaded headless: Ardour 7.3 deadlocks when a JUCE VST3 calls restartComponent
-- from setComponentState, which JUCE does).
local folder, name, format = arg[1], arg[2], arg[3]
assert(folder and name and (format == "lv2" or format == "vst3"), "usage: insert_plugin.lua FOLDER NAME lv2|vst3")

local kUri = "https://faltung.org/plugins/faltung"

assert(load_session(folder, name), "could not load the session")
local track = Session:route_by_name("Faltung")
assert(not track:isnil(), "no track named Faltung")

local plugin
if format == "lv2" then
    plugin = ARDOUR.LuaAPI.new_plugin(Session, kUri, ARDOUR.PluginType.LV2, "")
else
    plugin = ARDOUR.LuaAPI.new_plugin(Session, "Faltung", ARDOUR.PluginType.VST3, "")
end
assert(not plugin:isnil(), "Ardour does not know the " .. format .. " plugin")
assert(track:add_processor_by_index(plugin, -1, nil, true) == 0, "could not insert the plugin")

local insert = plugin:to_insert()
print("unique-id " .. insert:plugin(0):unique_id())

-- What Ardour offers the user: plugin parameters, or (LV2) property controls.
local controls = {}
local automatable = insert:to_automatable()
for parameter in automatable:all_automatable_params():iter() do
    local control = automatable:automation_control(parameter, false)
    if not control:isnil() then
        local label = control:name()
        local property = label:match("^property%-" .. kUri:gsub("%p", "%%%0") .. ":(.+)$")
        if property then
            controls[property] = control
            print("parameter " .. property)
        elseif parameter:type() == ARDOUR.AutomationType.PluginAutomation and label ~= "hidden" then
            print("parameter " .. label)
        end
    end
end

if format == "lv2" then
    assert(controls.latencyMode, "Ardour shows no latencyMode property")
    controls.latencyMode:set_value(1, PBD.GroupControlDisposition.NoGroup)
    -- The plugin builds the new engine in the background and then reports the new
    -- latency; wait for it so that the saved state holds the new mode.
    for _ = 1, 250 do
        if insert:signal_latency() ~= 0 then
            break
        end
        ARDOUR.LuaAPI.usleep(20000)
    end
end
print("latency " .. insert:signal_latency())

assert(Session:save_state("", false, false, false, false, false) == 0, "could not save the session")
-- See export_master.lua: no Lua reference to the session's objects may outlive it.
controls, automatable, insert, plugin, track = nil, nil, nil, nil, nil
collectgarbage()
collectgarbage()
close_session()
print("done")
