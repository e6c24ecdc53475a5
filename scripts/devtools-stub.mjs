// Stand-in for react-devtools-core, which Ink only loads when DEV=true.
export default { initialize() {}, connectToDevTools() {} };
