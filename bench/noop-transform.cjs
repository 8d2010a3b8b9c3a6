// A jscodeshift transform that parses each file and prints it back unchanged: jscodeshift's own floor.
module.exports = (file, api) => api.jscodeshift(file.source).toSource();
module.exports.parser = 'ts';
