// Every module that registers system calls. A subsystem adds its file here (one import
// line), e.g. `import './kexec';` and `import './reboot';` for issue 5.

import './lwp';
import './time';
import './sig';
import './proc';
import './file';
import './kexec';
import './reboot';
