// Faltung, a real-time convolution reverb. GPL-3.0-or-later.
#include "FactoryCatalog.h"

namespace faltung::factory
{

const std::vector<FactoryIrEntry>& factoryIrCatalog()
{
    static const std::vector<FactoryIrEntry> catalog{
        {"small-room", "Small Room",
         "A small furnished room, 5 by 4 metres, miked from across the room with a spaced pair. RT60 0.4 s."},
        {"studio-live-room", "Studio Live Room",
         "A recording studio's live room with a high ceiling, spaced pair 4 metres from the source. RT60 0.7 "
         "s."},
        {"chamber", "Chamber",
         "A small, hard-walled echo chamber: a loudspeaker in one corner, microphones in the other. Dense "
         "and "
         "bright. RT60 1.3 s."},
        {"concert-hall", "Concert Hall",
         "A shoebox concert hall of 18,000 cubic metres, heard from the stalls, 16 metres from the stage. "
         "RT60 2.2 s."},
        {"cathedral", "Cathedral",
         "A stone nave 75 metres long, heard from 28 metres. RT60 5 s at mid frequencies; the tail is "
         "shortened "
         "to 4.6 s."},
        {"plate", "Plate",
         "A plate reverb: no early reflections, dense from the start, light in the bass and bright. RT60 2 "
         "s."},
        {"spring", "Spring",
         "A two-spring reverb tank: repeating, chirping echoes as the springs disperse each wave, one spring "
         "per "
         "channel. RT60 2 s."},
        {"cabinet", "Guitar Cabinet",
         "A 1x12 guitar speaker cabinet, close-miked on and off axis: 30 ms, 80 Hz to 5 kHz. For amp "
         "simulation, not reverb."},
    };
    return catalog;
}

const FactoryIrEntry* findFactoryIr(const std::string& id)
{
    for (const auto& e : factoryIrCatalog())
        if (e.id == id)
            return &e;
    return nullptr;
}

} // namespace faltung::factory
