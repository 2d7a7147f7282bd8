// Fingerprints of a record's content, which tell an update from an unchanged reload: an upsert
// whose row has the stored fingerprint changes nothing. Stored with each row, so the functions
// must never change their output (a change would report every reloaded row as updated once).
#pragma once

#include <cstdint>

#include "model/records.h"

namespace vigil {

// Every stored field of the incident except its key (source, source_id).
std::int64_t IncidentContentHash(const Incident& incident);
// Every stored field of the call except its key (source, source_id).
std::int64_t CallContentHash(const Call& call);

}  // namespace vigil
