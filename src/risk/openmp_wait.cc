#include "risk/openmp_wait.h"

#include <unistd.h>

#include <cstdlib>

namespace vigil::risk {

void PreferPassiveOpenMpWait(char** argv) {
  if (std::getenv("OMP_WAIT_POLICY") != nullptr) return;
  if (setenv("OMP_WAIT_POLICY", "PASSIVE", 0) != 0) return;
  execv("/proc/self/exe", argv);
  // exec failed: carry on in this process with libgomp's default policy.
}

}  // namespace vigil::risk
