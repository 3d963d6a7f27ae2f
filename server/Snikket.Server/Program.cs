// Placeholder composition root; replaced by the host as the server lands.
return 0;
