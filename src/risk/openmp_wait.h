// OpenMP waiting policy for processes that train the learned model. XGBoost runs its tree
// building in many short OpenMP parallel regions; GNU libgomp's default makes idle worker
// threads spin between regions, which on a busy or oversubscribed machine (backtest threads x
// XGBoost threads > cores) burns most of the CPU time in spinning: a St. Louis fit took 19.6
// CPU-seconds spinning against 6.2 passive. libgomp reads OMP_WAIT_POLICY once, when it is
// loaded, before main() runs, so the only way to change it from inside is to restart the
// process with the variable set.
#pragma once

namespace vigil::risk {

// When OMP_WAIT_POLICY is unset, sets it to PASSIVE and re-executes the running binary
// (/proc/self/exe) with the same arguments; returns only when no restart happened (the
// variable was already set, or exec failed, which then leaves the default policy). A user
// who sets OMP_WAIT_POLICY keeps their choice. Call first thing in main().
void PreferPassiveOpenMpWait(char** argv);

}  // namespace vigil::risk
