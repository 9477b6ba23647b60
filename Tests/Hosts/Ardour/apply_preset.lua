-- Faltung, a real-time convolution reverb. GPL-3.0-or-later.
--
-- ardour7-lua apply_preset.lua FOLDER NAME LABEL
--
-- Opens the session create_session.lua made, lists the LV2 presets Ardour finds
-- for Faltung ("preset LABEL URI"), inserts the LV2 on the track "Faltung", loads
-- the preset called LABEL as a user does from the plugin's preset menu, and saves
-- the session: the plugin's state (state.ttl in the session's plugins folder) is
-- what the preset made of it.
local folder, name, label = arg[1], arg[2], arg[3]
assert(folder and name and label, "usage: apply_preset.lua FOLDER NAME LABEL")

local kUri = "https://faltung.org/plugins/faltung"

assert(load_session(folder, name), "could not load the session")
local track = Session:route_by_name("Faltung")
assert(not track:isnil(), "no track named Faltung")

for info in ARDOUR.LuaAPI.list_plugins():iter() do
    if info.unique_id == kUri then
        for preset in info:get_presets(false):iter() do
            print("preset " .. preset.label .. " " .. preset.uri)
        end
    end
end

local plugin = ARDOUR.LuaAPI.new_plugin(Session, kUri, ARDOUR.PluginType.LV2, "")
assert(not plugin:isnil(), "Ardour does not know the LV2")
assert(track:add_processor_by_index(plugin, -1, nil, true) == 0, "could not insert the plugin")
local lv2 = plugin:to_insert():plugin(0)
local preset = lv2:preset_by_label(label)
assert(preset and preset.valid, "no preset called " .. label)
assert(lv2:load_preset(preset), "could not load the preset " .. label)
print("loaded " .. lv2:last_preset().label)

assert(Session:save_state("", false, false, false, false, false) == 0, "could not save the session")
-- See export_master.lua: no Lua reference to the session's objects may outlive it.
preset, lv2, plugin, track = nil, nil, nil, nil
collectgarbage()
collectgarbage()
close_session()
print("done")
