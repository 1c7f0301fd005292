process.stdout.write('The cdn-accel demo (an example app in front of the local CDN emulator) is not built yet.\n');
